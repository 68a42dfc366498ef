import type Stripe from 'stripe';
import { IsNull } from 'typeorm';
import type { Database } from '../../../common/database/database.ts';
import { isUuid } from '../../../common/database/uuid.ts';
import { applyReport } from '../payment-report.ts';
import { advanceRefund } from '../payment-state.ts';
import { PaymentEntity, RefundEntity } from '../payment.entity.ts';
import { claimWebhookEvent } from '../webhook-event.entity.ts';
import { refundStateOf } from './stripe.provider.ts';

/** Stripe's reports of a refund settling later: a pending one succeeding, or one failing or cancelled. */
export const REFUND_EVENTS = new Set(['refund.updated', 'refund.failed']);

/**
 * Applies a later report of a refund that `refundPayment` started, once per event id: the refund's
 * state moves forward only, and the payment's refunded total is counted again from its refunds, so
 * a failed refund gives back what it had reserved whichever of this and `charge.refunded` arrives
 * first. Refunds made elsewhere (Stripe's dashboard) are not ours and reach us by `charge.refunded`.
 */
export function createRefundWebhook(database: Database) {
  /** Our refund: by Stripe's id, or by ours in its metadata when the answer to creating it was lost. */
  const locate = (refund: Stripe.Refund) =>
    database.system(async (manager) => {
      const refunds = manager.getRepository(RefundEntity);
      const select = { id: true, tenantId: true, paymentId: true } as const;
      const linked = await refunds.findOne({ where: { providerReference: refund.id }, select });
      const ours = refund.metadata?.refund_id;
      if (linked || !ours || !isUuid(ours)) return linked;
      return refunds.findOne({ where: { id: ours, providerReference: IsNull() }, select });
    });

  return async function apply(event: Stripe.Event): Promise<'applied' | 'duplicate' | 'ignored'> {
    const reported = event.data.object as Stripe.Refund;
    const target = await locate(reported);
    if (!target) return 'ignored';
    const applied = await database.transaction(target.tenantId, async (manager) => {
      if (!(await claimWebhookEvent(manager, 'STRIPE', event, target.tenantId))) return false;
      const payment = await manager
        .getRepository(PaymentEntity)
        .findOneOrFail({ where: { id: target.paymentId }, lock: { mode: 'pessimistic_write' } });
      const refunds = manager.getRepository(RefundEntity);
      const refund = await refunds.findOneByOrFail({ id: target.id });
      const state = advanceRefund(refund.state, refundStateOf(reported.status));
      if (state === refund.state) return true;
      await refunds.update(
        { id: refund.id },
        {
          state,
          providerReference: refund.providerReference ?? reported.id,
          failureMessage: state === 'FAILED' ? (reported.failure_reason ?? reported.status) : refund.failureMessage,
        },
      );
      await applyReport(manager, payment, { refundsChanged: true });
      return true;
    });
    return applied ? 'applied' : 'duplicate';
  };
}
