import type { Logger } from 'pino';
import type { Database } from '../../common/database/database.ts';
import { isUuid } from '../../common/database/uuid.ts';
import type { Money } from '../../common/money/money.ts';
import { applyReport, type ProviderReport } from './payment-report.ts';
import { PaymentEntity, type Provider } from './payment.entity.ts';
import { claimWebhookEvent } from './webhook-event.entity.ts';

/** Which of our payments a provider's event is about, what it says, and the amount it names, if any. */
export interface PaymentEventReport {
  /** The provider's id of the charge (a PaymentIntent, a PayPal order), when the event names it. */
  reference: string | null;
  /** The provider's id of the capture, where the provider refunds captures (PayPal). */
  captureReference?: string | null;
  /** Our payment id as we gave it to the provider, for a charge whose creation answer was lost. */
  paymentId: string | null;
  /** The charge's amount in our minor unit: a success for another amount is not our order's. */
  amount: Money | null;
  report: ProviderReport;
}

export interface PaymentTarget {
  id: string;
  tenantId: string;
}

/**
 * What every provider's webhook does once it trusts an event about a payment: find the payment
 * (webhooks carry no tenant, so that one row is read outside tenant isolation) and apply the report
 * in a transaction of the payment's tenant that also records the event id, so a duplicate delivery,
 * concurrent or days later, changes nothing.
 */
export function createPaymentEvents(database: Database, logger: Logger, provider: Provider) {
  return {
    async locate(found: PaymentEventReport): Promise<PaymentTarget | null> {
      return database.system(async (manager) => {
        const payments = manager.getRepository(PaymentEntity);
        const select = { id: true, tenantId: true } as const;
        const by = [
          ...(found.reference ? [{ provider, providerReference: found.reference }] : []),
          ...(found.captureReference ? [{ provider, captureReference: found.captureReference }] : []),
          // Our call created the charge but its answer was lost before we recorded it.
          ...(isUuid(found.paymentId) ? [{ provider, id: found.paymentId }] : []),
        ];
        for (const where of by) {
          const payment = await payments.findOne({ where, select });
          if (payment) return payment;
        }
        return null;
      });
    },

    /** Applies the event's report once; false when the event was applied before (a duplicate). */
    async apply(
      event: { id: string; type: string },
      target: PaymentTarget,
      found: PaymentEventReport,
    ): Promise<boolean> {
      return database.transaction(target.tenantId, async (manager) => {
        if (!(await claimWebhookEvent(manager, provider, event, target.tenantId))) return false;
        const payment = await manager
          .getRepository(PaymentEntity)
          .findOneOrFail({ where: { id: target.id }, lock: { mode: 'pessimistic_write' } });
        if (found.reference && payment.providerReference && payment.providerReference !== found.reference) return true;
        const { amount } = found;
        if (amount && (amount.amount !== payment.amount || amount.currency !== payment.currency)) {
          logger.error(
            { eventId: event.id, paymentId: payment.id },
            `${provider} reports another amount than the order owes`,
          );
          return true;
        }
        await applyReport(manager, payment, {
          ...found.report,
          ...(found.reference ? { reference: found.reference } : {}),
          ...(found.captureReference ? { captureReference: found.captureReference } : {}),
        });
        return true;
      });
    },
  };
}
