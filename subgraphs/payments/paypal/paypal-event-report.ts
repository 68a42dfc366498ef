import type { Money } from '../../../common/money/money.ts';
import type { PaymentEventReport } from '../provider-event.ts';
import type { PayPalLink } from './paypal-client.ts';
import { fromPayPalValue } from './paypal-amount.ts';
import { captureState, type PayPalCapture, type PayPalOrder } from './paypal-order.ts';

/** A webhook event as PayPal sends it: `event_type` and the `resource` it is about. */
export interface PayPalEvent {
  id: string;
  event_type: string;
  resource_type?: string;
  resource: Record<string, unknown>;
  create_time?: string;
}

interface PayPalRefundResource {
  id: string;
  status: string;
  seller_payable_breakdown?: { total_refunded_amount?: { currency_code: string; value: string } };
  links?: PayPalLink[];
}

const moneyOf = (amount: { currency_code: string; value: string } | undefined): Money | null =>
  amount ? { amount: fromPayPalValue(amount.value, amount.currency_code), currency: amount.currency_code } : null;

/** The capture a refund belongs to, from its `up` link (`/v2/payments/captures/{id}`). */
const capturedBy = (refund: PayPalRefundResource) =>
  /\/v2\/payments\/captures\/([^/?]+)/.exec(refund.links?.find((link) => link.rel === 'up')?.href ?? '')?.[1] ?? null;

export const ORDER_APPROVED = 'CHECKOUT.ORDER.APPROVED';

/** The approved order an event names, to be captured by us; null for every other event. */
export function approvedOrderOf(event: PayPalEvent): Omit<PaymentEventReport, 'report'> | null {
  if (event.event_type !== ORDER_APPROVED) return null;
  const order = event.resource as unknown as PayPalOrder;
  const unit = order.purchase_units?.[0];
  return { reference: order.id, paymentId: unit?.custom_id ?? null, amount: moneyOf(unit?.amount) };
}

/** The report in a PAYMENT.CAPTURE.* event; null for every other event. */
export function reportOfPayPalEvent(event: PayPalEvent): PaymentEventReport | null {
  switch (event.event_type) {
    case 'PAYMENT.CAPTURE.COMPLETED':
    case 'PAYMENT.CAPTURE.DENIED':
    case 'PAYMENT.CAPTURE.PENDING': {
      const capture = event.resource as unknown as PayPalCapture;
      const state = captureState(capture);
      return {
        reference: capture.supplementary_data?.related_ids?.order_id ?? null,
        captureReference: capture.id,
        paymentId: capture.custom_id ?? null,
        amount: moneyOf(capture.amount),
        report: {
          state,
          ...(state === 'FAILED' ? { failureMessage: `PayPal declined the capture (${capture.status})` } : {}),
        },
      };
    }
    case 'PAYMENT.CAPTURE.REFUNDED':
    case 'PAYMENT.CAPTURE.REVERSED': {
      // The resource is the refund (or the reversal): its breakdown says what has gone back in all.
      const refund = event.resource as unknown as PayPalRefundResource;
      const total = moneyOf(refund.seller_payable_breakdown?.total_refunded_amount);
      const captureReference = capturedBy(refund);
      return total && captureReference
        ? {
            reference: null,
            captureReference,
            paymentId: null,
            amount: null,
            // A refunded capture was collected first, whichever of the two events arrives first.
            report: { state: 'SUCCEEDED', refundedTotal: total.amount },
          }
        : null;
    }
    default:
      return null;
  }
}
