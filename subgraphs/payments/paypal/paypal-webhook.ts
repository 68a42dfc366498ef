import type { Logger } from 'pino';
import type { Database } from '../../../common/database/database.ts';
import { ProviderRefusal } from '../payment-provider.ts';
import { PaymentEntity } from '../payment.entity.ts';
import type { ProviderReport } from '../payment-report.ts';
import { createPaymentEvents, type PaymentTarget } from '../provider-event.ts';
import type { WebhookOutcome } from '../webhook-routes.ts';
import { approvedOrderOf, reportOfPayPalEvent, type PayPalEvent } from './paypal-event-report.ts';
import type { PayPalPayments } from './paypal-payment.service.ts';
import {
  TRANSMISSION_HEADERS,
  type PayPalTransmission,
  type PayPalWebhookVerifier,
} from './paypal-webhook-verifier.ts';
import { createPayoutEvents, isPayoutEvent } from './payout-events.ts';

const parseEvent = (payload: Buffer): PayPalEvent | null => {
  try {
    const event = JSON.parse(payload.toString('utf8')) as Partial<PayPalEvent> | null;
    return typeof event?.id === 'string' && typeof event.event_type === 'string' && event.resource
      ? (event as PayPalEvent)
      : null;
  } catch {
    return null;
  }
};

/**
 * Receives PayPal's webhook deliveries: has PayPal verify each one, finds the payment or payout it is
 * about and applies it once, the event id recorded in the transaction of its effect. An approved
 * order is captured here, so a buyer who closes the tab after approving still pays.
 */
export function createPayPalWebhook(
  database: Database,
  logger: Logger,
  verifier: PayPalWebhookVerifier,
  paypal: PayPalPayments,
) {
  const payments = createPaymentEvents(database, logger, 'PAYPAL');
  const payouts = createPayoutEvents(database);

  /** The capture's answer as the approval's effect; nothing to do for a payment already settled. */
  async function captureOnApproval(target: PaymentTarget): Promise<ProviderReport> {
    const payment = await database.transaction(target.tenantId, (manager) =>
      manager.getRepository(PaymentEntity).findOneByOrFail({ id: target.id }),
    );
    if (payment.state !== 'PENDING' || !payment.providerReference) return {};
    try {
      return await paypal.captureReport(payment);
    } catch (error) {
      // An order PayPal does not show as approved is left as it is. PayPal out of reach is thrown:
      // the delivery fails, nothing is recorded, and PayPal sends the event again.
      if (error instanceof ProviderRefusal) return {};
      throw error;
    }
  }

  return async function receive(
    payload: Buffer,
    header: (name: string) => string | undefined,
  ): Promise<WebhookOutcome> {
    const entries = Object.entries(TRANSMISSION_HEADERS).map(([key, name]) => [key, header(name)] as const);
    if (entries.some(([, value]) => !value)) {
      return { status: 400, body: { received: false, error: 'missing PayPal transmission headers' } };
    }
    const transmission = Object.fromEntries(entries) as unknown as PayPalTransmission;
    const event = parseEvent(payload);
    if (!event) return { status: 400, body: { received: false, error: 'not a PayPal event' } };
    const verified = await verifier.verify(transmission, event).catch((error: unknown) => {
      logger.warn({ err: error, eventId: event.id }, 'paypal webhook could not be verified');
      return false;
    });
    if (!verified) return { status: 400, body: { received: false, error: 'verification failed' } };

    if (isPayoutEvent(event)) {
      const outcome = await payouts(event);
      return {
        status: 200,
        body: { received: true, duplicate: outcome === 'duplicate', ignored: outcome === 'ignored' },
      };
    }
    const approved = approvedOrderOf(event);
    const found = approved ? { ...approved, report: {} } : reportOfPayPalEvent(event);
    const target = found && (await payments.locate(found));
    if (!found || !target) {
      logger.debug({ eventId: event.id, type: event.event_type }, 'paypal event about nothing of ours');
      return { status: 200, body: { received: true, ignored: true } };
    }
    const report = approved ? await captureOnApproval(target) : found.report;
    const applied = await payments.apply({ id: event.id, type: event.event_type }, target, { ...found, report });
    return { status: 200, body: { received: true, duplicate: !applied } };
  };
}

export type PayPalWebhook = ReturnType<typeof createPayPalWebhook>;
