import type { PaymentProvider, ProviderCharge } from '../payment-provider.ts';
import { ProviderRefusal } from '../payment-provider.ts';
import type { RefundState } from '../payment.entity.ts';
import { toPayPalValue } from './paypal-amount.ts';
import { PayPalRefusal, type PayPalClient } from './paypal-client.ts';
import { captureOf, chargeOfOrder, type PayPalOrder } from './paypal-order.ts';

/** PayPal limits `note_to_payer` to this many characters. */
const MAX_NOTE = 255;

const REFUND_STATES: Record<string, RefundState> = { COMPLETED: 'SUCCEEDED', FAILED: 'FAILED', CANCELLED: 'FAILED' };

export interface PayPalProvider extends PaymentProvider {
  /** Captures an order the buyer approved; the same key captures once and answers the same. */
  capture(orderId: string, idempotencyKey: string): Promise<ProviderCharge>;
}

/**
 * PayPal Checkout through Orders v2: one order per attempt (intent CAPTURE) that the buyer approves
 * on PayPal's pages, captured afterwards by us. Every call that moves money carries a
 * PayPal-Request-Id derived from our rows, so a retry after a lost answer does the work once.
 */
export function createPayPalProvider(paypal: PayPalClient): PayPalProvider {
  const getOrder = (orderId: string) =>
    paypal.request<PayPalOrder>('GET', `/v2/checkout/orders/${encodeURIComponent(orderId)}`);
  const retrieve = async (orderId: string) => chargeOfOrder(await getOrder(orderId));

  return {
    name: 'PAYPAL',
    async create(request) {
      if (!request.buyerReturn) throw new Error('a PayPal order needs the URLs the buyer returns to');
      const order = await paypal.request<PayPalOrder>(
        'POST',
        '/v2/checkout/orders',
        {
          intent: 'CAPTURE',
          purchase_units: [
            {
              reference_id: request.orderId,
              custom_id: request.paymentId,
              amount: { currency_code: request.currency, value: toPayPalValue(request.amount, request.currency) },
            },
          ],
          payment_source: {
            paypal: {
              experience_context: {
                return_url: request.buyerReturn.returnUrl,
                cancel_url: request.buyerReturn.cancelUrl,
                user_action: 'PAY_NOW',
                shipping_preference: 'NO_SHIPPING',
              },
            },
          },
        },
        { requestId: request.idempotencyKey },
      );
      return chargeOfOrder(order);
    },
    retrieve,
    async capture(orderId, idempotencyKey) {
      // Looked at first, so the capture's request id is spent only on an order the buyer approved.
      const current = await getOrder(orderId);
      if (current.status === 'COMPLETED') return chargeOfOrder(current);
      if (current.status !== 'APPROVED') {
        throw new ProviderRefusal('The buyer has not approved the order at PayPal', 'ORDER_NOT_APPROVED');
      }
      try {
        const order = await paypal.request<PayPalOrder>(
          'POST',
          `/v2/checkout/orders/${encodeURIComponent(orderId)}/capture`,
          {},
          { requestId: idempotencyKey },
        );
        return chargeOfOrder(order);
      } catch (error) {
        // Captured already under another request id (or after PayPal forgot ours): read what it is.
        if (error instanceof PayPalRefusal && error.code === 'ORDER_ALREADY_CAPTURED') return retrieve(orderId);
        throw error;
      }
    },
    async refund(request) {
      const captureId =
        request.captureReference ??
        (request.chargeReference ? captureOf(await getOrder(request.chargeReference))?.id : null);
      if (!captureId) throw new ProviderRefusal('PayPal has no capture of this payment to refund', 'NOT_CAPTURED');
      const refund = await paypal.request<{ id: string; status: string; status_details?: { reason?: string } }>(
        'POST',
        `/v2/payments/captures/${encodeURIComponent(captureId)}/refund`,
        {
          amount: { currency_code: request.currency, value: toPayPalValue(request.amount, request.currency) },
          ...(request.reason ? { note_to_payer: request.reason.slice(0, MAX_NOTE) } : {}),
        },
        { requestId: request.idempotencyKey },
      );
      return {
        reference: refund.id,
        state: REFUND_STATES[refund.status] ?? 'PENDING',
        failureMessage: refund.status_details?.reason ?? null,
      };
    },
  };
}
