import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import { advance, advanceDispute, type ChargeState } from './payment-state.ts';
import { PaymentEntity, type Payment } from './payment.entity.ts';
import {
  paymentCanceled,
  paymentDisputeChanged,
  paymentFailed,
  paymentRefunded,
  paymentSucceeded,
} from './payment.events.ts';

/** What a provider told us about a payment, by its answer to a call or by a webhook. */
export interface ProviderReport {
  reference?: string | null;
  captureReference?: string | null;
  state?: ChargeState;
  failureMessage?: string | null;
  /** Everything refunded of the charge so far. */
  refundedTotal?: number;
  disputeStatus?: string;
}

/**
 * Applies a report to a payment the caller has locked, moving only forward (state along its
 * table, refunds only up), and records the events of what changed in the same transaction.
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
  const refundedTotal = Math.min(report.refundedTotal ?? 0, next.amount);
  if (next.state === 'SUCCEEDED' && refundedTotal > payment.refunded) {
    next.refunded = refundedTotal;
    events.push(paymentRefunded(next, refundedTotal - payment.refunded));
  }
  if (report.disputeStatus) {
    next.disputeStatus = advanceDispute(payment.disputeStatus, report.disputeStatus);
    if (next.disputeStatus !== payment.disputeStatus) events.push(paymentDisputeChanged(next));
  }
  const changed = (
    ['providerReference', 'captureReference', 'state', 'failureMessage', 'refunded', 'disputeStatus', 'paidAt'] as const
  )
    .filter((column) => next[column] !== payment[column])
    .map((column) => [column, next[column]]);
  if (changed.length === 0) return payment;
  await manager.getRepository(PaymentEntity).update({ id: payment.id }, Object.fromEntries(changed));
  await recordEvents(manager, events);
  return next;
}
