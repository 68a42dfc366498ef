import type Stripe from 'stripe';
import type { Money } from '../../../common/money/money.ts';
import type { ProviderReport } from '../payment-report.ts';
import { fromStripeAmount } from './stripe-amount.ts';
import { chargeStateOf } from './stripe.provider.ts';

/** Which of our payments a Stripe event is about, what it says, and the amount it names, if any. */
export interface StripeEventReport {
  intentId: string;
  /** Our payment id from the PaymentIntent's metadata, for an intent we have not linked yet. */
  paymentId: string | null;
  /** The PaymentIntent's amount in our minor unit: a success for another amount is not our order's. */
  amount: Money | null;
  report: ProviderReport;
}

const moneyOf = (amount: number, currency: string): Money => {
  const code = currency.toUpperCase();
  return { amount: fromStripeAmount(amount, code), currency: code };
};

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** The report in a Stripe event we act on; null for every other event. */
export function reportOfStripeEvent(event: Stripe.Event): StripeEventReport | null {
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled':
    case 'payment_intent.amount_capturable_updated': {
      const intent = event.data.object;
      return {
        intentId: intent.id,
        paymentId: intent.metadata?.payment_id ?? null,
        amount: moneyOf(intent.amount, intent.currency),
        report: { state: chargeStateOf(intent), failureMessage: intent.last_payment_error?.message ?? null },
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const intentId = idOf(charge.payment_intent);
      // A refunded charge was collected first, whichever of the two events arrives first.
      return intentId && charge.captured
        ? {
            intentId,
            paymentId: null,
            amount: null,
            report: {
              state: 'SUCCEEDED',
              refundedTotal: moneyOf(charge.amount_refunded, charge.currency).amount,
            },
          }
        : null;
    }
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed': {
      const dispute = event.data.object;
      const intentId = idOf(dispute.payment_intent);
      return intentId ? { intentId, paymentId: null, amount: null, report: { disputeStatus: dispute.status } } : null;
    }
    default:
      return null;
  }
}
