import type Stripe from 'stripe';
import type { ChargeState } from '../payment-state.ts';
import type { PaymentProvider, ProviderCharge } from '../payment-provider.ts';
import type { RefundState } from '../payment.entity.ts';
import { toStripeAmount } from './stripe-amount.ts';
import { callStripe } from './stripe-errors.ts';

/** Our charge state for a PaymentIntent's status. */
export function chargeStateOf(intent: Pick<Stripe.PaymentIntent, 'status' | 'last_payment_error'>): ChargeState {
  switch (intent.status) {
    case 'succeeded':
      return 'SUCCEEDED';
    case 'requires_capture':
      return 'AUTHORIZED';
    case 'canceled':
      return 'CANCELED';
    case 'requires_payment_method':
      return intent.last_payment_error ? 'FAILED' : 'PENDING';
    default:
      return 'PENDING';
  }
}

const chargeOf = (intent: Stripe.PaymentIntent): ProviderCharge => ({
  reference: intent.id,
  state: chargeStateOf(intent),
  clientSecret: intent.client_secret ?? null,
  failureMessage: intent.last_payment_error?.message ?? null,
});

const REFUND_STATES: Record<string, RefundState> = { succeeded: 'SUCCEEDED', failed: 'FAILED', canceled: 'FAILED' };

/** Our refund state for a Stripe refund's status; `pending` and `requires_action` are still PENDING. */
export const refundStateOf = (status: string | null | undefined): RefundState =>
  REFUND_STATES[status ?? ''] ?? 'PENDING';

/** Card payments through Stripe: one PaymentIntent per order attempt, confirmed by the client. */
export function createStripeProvider(stripe: Stripe): PaymentProvider {
  return {
    name: 'STRIPE',
    create: (request) =>
      callStripe(async () =>
        chargeOf(
          await stripe.paymentIntents.create(
            {
              amount: toStripeAmount(request.amount, request.currency),
              currency: request.currency.toLowerCase(),
              automatic_payment_methods: { enabled: true },
              metadata: { tenant_id: request.tenantId, order_id: request.orderId, payment_id: request.paymentId },
            },
            { idempotencyKey: request.idempotencyKey },
          ),
        ),
      ),
    retrieve: (reference) => callStripe(async () => chargeOf(await stripe.paymentIntents.retrieve(reference))),
    cancel: (reference) => callStripe(async () => chargeOf(await stripe.paymentIntents.cancel(reference))),
    refund: (request) =>
      callStripe(async () => {
        const refund = await stripe.refunds.create(
          {
            payment_intent: request.chargeReference ?? undefined,
            amount: toStripeAmount(request.amount, request.currency),
            metadata: { refund_id: request.refundId, ...(request.reason ? { reason: request.reason } : {}) },
          },
          { idempotencyKey: request.idempotencyKey },
        );
        return {
          reference: refund.id,
          state: refundStateOf(refund.status),
          failureMessage: refund.failure_reason ?? null,
        };
      }),
  };
}
