import type Stripe from 'stripe';
import type { Logger } from 'pino';
import type { Database } from '../../../common/database/database.ts';
import { isUuid } from '../../../common/database/uuid.ts';
import { applyReport } from '../payment-report.ts';
import { PaymentEntity } from '../payment.entity.ts';
import { BILLING_EVENTS, type BillingWebhook } from '../billing/billing-webhook.ts';
import { claimWebhookEvent } from '../webhook-event.entity.ts';
import { reportOfStripeEvent, type StripeEventReport } from './stripe-event-report.ts';
import { REFUND_EVENTS, createRefundWebhook } from './stripe-refund-webhook.ts';
import type { StripeSettings } from './stripe-client.ts';

/** What the endpoint answers Stripe: 400 is "do not send this again", 200 "received". */
export interface WebhookOutcome {
  status: 200 | 400;
  body: { received: boolean; error?: string; duplicate?: boolean; ignored?: boolean };
}

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
  const refunds = createRefundWebhook(database);
  /** The payment and its tenant: webhooks carry no tenant, so it is read outside tenant isolation. */
  async function locate(found: StripeEventReport): Promise<{ id: string; tenantId: string } | null> {
    return database.system(async (manager) => {
      const payments = manager.getRepository(PaymentEntity);
      const linked = await payments.findOne({
        where: { provider: 'STRIPE', providerReference: found.intentId },
        select: { id: true, tenantId: true },
      });
      if (linked || !isUuid(found.paymentId)) return linked;
      // Our call created the intent but its answer was lost before we recorded it.
      return payments.findOne({
        where: { id: found.paymentId, provider: 'STRIPE' },
        select: { id: true, tenantId: true, providerReference: true },
      });
    });
  }

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
    const found = reportOfStripeEvent(event);
    const target = found && (await locate(found));
    if (!found || !target) {
      logger.debug({ eventId: event.id, type: event.type }, 'stripe event about nothing of ours');
      return { status: 200, body: { received: true, ignored: true } };
    }
    const applied = await database.transaction(target.tenantId, async (manager) => {
      if (!(await claimWebhookEvent(manager, 'STRIPE', event, target.tenantId))) return false;
      const payment = await manager
        .getRepository(PaymentEntity)
        .findOneOrFail({ where: { id: target.id }, lock: { mode: 'pessimistic_write' } });
      if (payment.providerReference && payment.providerReference !== found.intentId) return true;
      const { amount } = found;
      if (amount && (amount.amount !== payment.amount || amount.currency !== payment.currency)) {
        logger.error({ eventId: event.id, paymentId: payment.id }, 'stripe reports another amount than the order owes');
        return true;
      }
      await applyReport(manager, payment, { ...found.report, reference: found.intentId });
      return true;
    });
    return { status: 200, body: { received: true, duplicate: !applied } };
  };
}

export type StripeWebhook = ReturnType<typeof createStripeWebhook>;
