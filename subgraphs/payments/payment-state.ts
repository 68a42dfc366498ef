import type { RefundState } from './payment.entity.ts';

/**
 * Where a payment's money stands with its provider. Providers report states out of order (a
 * webhook retried hours later, two deliveries racing), so a state only ever moves forward along
 * this table and anything else is a stale report, ignored.
 */
export const CHARGE_STATES = ['PENDING', 'FAILED', 'AUTHORIZED', 'SUCCEEDED', 'CANCELED'] as const;
export type ChargeState = (typeof CHARGE_STATES)[number];

const FORWARD: Record<ChargeState, readonly ChargeState[]> = {
  PENDING: ['FAILED', 'AUTHORIZED', 'SUCCEEDED', 'CANCELED'],
  // A declined card may be retried on the same PaymentIntent and then succeed.
  FAILED: ['AUTHORIZED', 'SUCCEEDED', 'CANCELED'],
  AUTHORIZED: ['SUCCEEDED', 'CANCELED'],
  SUCCEEDED: [],
  CANCELED: [],
};

/** The state after a report of `reported`: it, when that is a move forward; else the current one. */
export const advance = (current: ChargeState, reported: ChargeState): ChargeState =>
  FORWARD[current].includes(reported) ? reported : current;

/** A payment that can still collect money: the order must not start another one beside it. */
export const isLive = (state: ChargeState) => state !== 'FAILED' && state !== 'CANCELED';

export type PaymentStatus =
  'PENDING' | 'AUTHORIZED' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';

/** A payment's status as clients see it: its charge state, and once collected how much went back. */
export function paymentStatus(payment: { state: ChargeState; amount: number; refunded: number }): PaymentStatus {
  if (payment.state !== 'SUCCEEDED' || payment.refunded === 0) return payment.state;
  return payment.refunded >= payment.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}

export type OrderPaymentStatus = 'UNPAID' | 'AUTHORIZED' | 'PAID' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'FAILED';

/** An order's payment status from its payments, newest first: the collected one decides, if any. */
export function orderPaymentStatus(
  payments: { state: ChargeState; amount: number; refunded: number }[],
): OrderPaymentStatus {
  const collected = payments.filter((payment) => payment.state === 'SUCCEEDED');
  if (collected.length > 0) {
    const amount = collected.reduce((sum, payment) => sum + payment.amount, 0);
    const refunded = collected.reduce((sum, payment) => sum + payment.refunded, 0);
    if (refunded === 0) return 'PAID';
    return refunded >= amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  }
  if (payments.some((payment) => payment.state === 'AUTHORIZED')) return 'AUTHORIZED';
  return payments[0]?.state === 'FAILED' ? 'FAILED' : 'UNPAID';
}

/** A refund settles once, except that one the provider had accepted may still fail (a closed card account). */
const REFUND_FORWARD: Record<RefundState, readonly RefundState[]> = {
  PENDING: ['SUCCEEDED', 'FAILED'],
  SUCCEEDED: ['FAILED'],
  FAILED: [],
};

export const advanceRefund = (current: RefundState, reported: RefundState): RefundState =>
  REFUND_FORWARD[current].includes(reported) ? reported : current;

/** A dispute's outcome is final: a late report of it being open again changes nothing. */
const CLOSED_DISPUTE = new Set(['won', 'lost', 'warning_closed', 'prevented']);

export const advanceDispute = (current: string | null, reported: string): string =>
  current && CLOSED_DISPUTE.has(current) ? current : reported;
