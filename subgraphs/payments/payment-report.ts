import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import { advance, advanceDispute, type ChargeState } from './payment-state.ts';
import { PaymentEntity, RefundEntity, type Payment } from './payment.entity.ts';
import {
  paymentCanceled,
  paymentDisputeChanged,
  paymentFailed,
  paymentRefunded,
  paymentRefundFailed,
  paymentSucceeded,
} from './payment.events.ts';

/** What a provider told us about a payment, by its answer to a call or by a webhook. */
export interface ProviderReport {
  reference?: string | null;
  captureReference?: string | null;
  state?: ChargeState;
  failureMessage?: string | null;
  /** Everything the provider reports refunded of the charge so far. */
  refundedTotal?: number;
  /** One of the payment's refunds settled: what went back is counted again. */
  refundsChanged?: boolean;
  disputeStatus?: string;
}

/**
 * What has gone back of a payment: its refunds that succeeded, or more when the provider reports
 * more (refunds made in its dashboard), less those of ours it accepted and that failed later (its
 * report may have counted them). Sums and maxima: the same whatever order the reports came in.
 */
async function refundedOf(manager: EntityManager, payment: Payment): Promise<number> {
  const refunds = await manager.getRepository(RefundEntity).findBy({ paymentId: payment.id });
  const total = (counts: (refund: (typeof refunds)[number]) => boolean) =>
    refunds.filter(counts).reduce((sum, refund) => sum + refund.amount, 0);
  const succeeded = total((refund) => refund.state === 'SUCCEEDED');
  const failedLater = total((refund) => refund.state === 'FAILED' && refund.providerReference !== null);
  return Math.min(payment.amount, Math.max(succeeded, payment.providerRefunded - failedLater));
}

/**
 * Applies a report to a payment the caller has locked, moving only forward (state along its
 * table, refunds up unless one failed after all), and records the events of what changed in the same transaction.
 * A stale or repeated report changes nothing and records nothing.
 */
export async function applyReport(manager: EntityManager, payment: Payment, report: ProviderReport): Promise<Payment> {
  const next: Payment = { ...payment };
  const events: DomainEvent[] = [];
  if (report.reference && !payment.providerReference) next.providerReference = report.reference;
  if (report.captureReference && !payment.captureReference) next.captureReference = report.captureReference;
  if (report.state) next.state = advance(payment.state, report.state);
  if (next.state !== payment.state) {
    if (next.state === 'SUCCEEDED') {
      next.paidAt = new Date();
      events.push(paymentSucceeded(next));
    } else if (next.state === 'FAILED') {
      next.failureMessage = report.failureMessage ?? null;
      events.push(paymentFailed(next));
    } else if (next.state === 'CANCELED') {
      events.push(paymentCanceled(next));
    }
  }
  if (report.refundedTotal !== undefined) {
    next.providerRefunded = Math.max(payment.providerRefunded, Math.min(report.refundedTotal, next.amount));
  }
  if (next.state === 'SUCCEEDED' && (report.refundedTotal !== undefined || report.refundsChanged)) {
    next.refunded = await refundedOf(manager, next);
    if (next.refunded > payment.refunded) events.push(paymentRefunded(next, next.refunded - payment.refunded));
    if (next.refunded < payment.refunded) events.push(paymentRefundFailed(next, payment.refunded - next.refunded));
  }
  if (report.disputeStatus) {
    next.disputeStatus = advanceDispute(payment.disputeStatus, report.disputeStatus);
    if (next.disputeStatus !== payment.disputeStatus) events.push(paymentDisputeChanged(next));
  }
  const changed = (
    [
      'providerReference',
      'captureReference',
      'state',
      'failureMessage',
      'refunded',
      'providerRefunded',
      'disputeStatus',
      'paidAt',
    ] as const
  )
    .filter((column) => next[column] !== payment[column])
    .map((column) => [column, next[column]]);
  if (changed.length === 0) return payment;
  await manager.getRepository(PaymentEntity).update({ id: payment.id }, Object.fromEntries(changed));
  await recordEvents(manager, events);
  return next;
}
