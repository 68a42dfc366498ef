import { createDomainEvent } from '../../common/events/domain-event.ts';
import type { Payment } from './payment.entity.ts';

/** What others learn of a payment; orders marks the order paid on PaymentSucceeded. */
export interface PaymentEventPayload {
  orderId: string;
  paymentId: string;
  provider: Payment['provider'];
  method: Payment['method'];
  amount: number;
  currency: string;
}

const paymentEvent = <P extends object>(type: string, payment: Payment, extra: P) =>
  createDomainEvent<PaymentEventPayload & P>({
    type,
    source: 'payments',
    tenantId: payment.tenantId,
    aggregateId: payment.id,
    payload: {
      orderId: payment.orderId,
      paymentId: payment.id,
      provider: payment.provider,
      method: payment.method,
      amount: payment.amount,
      currency: payment.currency,
      ...extra,
    },
  });

export const paymentSucceeded = (payment: Payment) => paymentEvent('PaymentSucceeded', payment, {});

export const paymentFailed = (payment: Payment) =>
  paymentEvent('PaymentFailed', payment, { reason: payment.failureMessage });

export const paymentCanceled = (payment: Payment) => paymentEvent('PaymentCanceled', payment, {});

/** Money went back: `refundedAmount` this time, `refundedTotal` so far. */
export const paymentRefunded = (payment: Payment, refundedAmount: number) =>
  paymentEvent('PaymentRefunded', payment, {
    refundedAmount,
    refundedTotal: payment.refunded,
    fullyRefunded: payment.refunded >= payment.amount,
  });

/** A refund the provider had accepted failed: `failedAmount` is owed to the customer again. */
export const paymentRefundFailed = (payment: Payment, failedAmount: number) =>
  paymentEvent('PaymentRefundFailed', payment, { failedAmount, refundedTotal: payment.refunded });

export const paymentDisputeChanged = (payment: Payment) =>
  paymentEvent('PaymentDisputeChanged', payment, { disputeStatus: payment.disputeStatus });
