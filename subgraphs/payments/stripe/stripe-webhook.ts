import type Stripe from 'stripe';
import type { Logger } from 'pino';
import type { Database } from '../../../common/database/database.ts';
import { BILLING_EVENTS, type BillingWebhook } from '../billing/billing-webhook.ts';
import { createPaymentEvents } from '../provider-event.ts';
import type { WebhookOutcome } from '../webhook-routes.ts';
import { reportOfStripeEvent } from './stripe-event-report.ts';
import { REFUND_EVENTS, createRefundWebhook } from './stripe-refund-webhook.ts';
import type { StripeSettings } from './stripe-client.ts';

/**
 * Receives Stripe's webhook deliveries: checks the signature and its age, finds the payment the
 * event is about, and applies it once. The event id is recorded in the transaction of its effect,
 * so a duplicate delivery, concurrent or days later, answers 200 and changes nothing.
 */
export function createStripeWebhook(
  database: Database,
  stripe: StripeSettings,
  logger: Logger,
  billing: BillingWebhook,
) {
  const payments = createPaymentEvents(database, logger, 'STRIPE');
  const refunds = createRefundWebhook(database);

  return async function receive(payload: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
    if (!signature) return { status: 400, body: { received: false, error: 'missing Stripe-Signature header' } };
    let event: Stripe.Event;
    try {
      event = stripe.client.webhooks.constructEvent(payload, signature, stripe.webhookSecret, stripe.toleranceSeconds);
    } catch {
      return { status: 400, body: { received: false, error: 'signature does not verify' } };
    }
    const applyElsewhere = BILLING_EVENTS.has(event.type) ? billing : REFUND_EVENTS.has(event.type) ? refunds : null;
    if (applyElsewhere) {
      const outcome = await applyElsewhere(event);
      return {
        status: 200,
        body: { received: true, duplicate: outcome === 'duplicate', ignored: outcome === 'ignored' },
      };
    }
    const stripeReport = reportOfStripeEvent(event);
    const found = stripeReport && { ...stripeReport, reference: stripeReport.intentId };
    const target = found && (await payments.locate(found));
    if (!found || !target) {
      logger.debug({ eventId: event.id, type: event.type }, 'stripe event about nothing of ours');
      return { status: 200, body: { received: true, ignored: true } };
    }
    const applied = await payments.apply(event, target, found);
    return { status: 200, body: { received: true, duplicate: !applied } };
  };
}

export type StripeWebhook = ReturnType<typeof createStripeWebhook>;
