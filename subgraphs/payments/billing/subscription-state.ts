import type Stripe from 'stripe';
import type { Tier } from '../../../common/tiers.ts';
import { fromStripeAmount } from '../stripe/stripe-amount.ts';
import type { BillingAccount, BillingStatus } from './billing-account.entity.ts';
import type { TierPrices } from './tier-prices.ts';

/** Failed tries of one invoice after which a past-due tenant loses its paid tier until it pays. */
export const RESTRICT_AFTER_FAILED_ATTEMPTS = 3;

export type SubscriptionState = Pick<
  BillingAccount,
  | 'subscriptionId'
  | 'subscriptionItemId'
  | 'tier'
  | 'status'
  | 'priceAmount'
  | 'currency'
  | 'priceInterval'
  | 'trialEndsAt'
  | 'currentPeriodEnd'
  | 'cancelAtPeriodEnd'
  | 'canceledAt'
>;

const dateOf = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

function statusOf(subscription: Stripe.Subscription): BillingStatus {
  const invoice = typeof subscription.latest_invoice === 'object' ? subscription.latest_invoice : null;
  switch (subscription.status) {
    case 'trialing':
      return 'TRIALING';
    case 'active':
      return 'ACTIVE';
    case 'past_due':
      return (invoice?.attempt_count ?? 0) >= RESTRICT_AFTER_FAILED_ATTEMPTS ? 'RESTRICTED' : 'PAST_DUE';
    case 'unpaid':
    case 'paused':
      return 'RESTRICTED';
    case 'incomplete':
      // The first invoice is not paid yet: nothing is granted until it is.
      return 'NONE';
    default:
      return 'CANCELED';
  }
}

/** What a subscription, as Stripe reads it now, means for the tenant's plan. */
export function subscriptionStateOf(subscription: Stripe.Subscription, prices: TierPrices): SubscriptionState {
  const item = subscription.items.data[0];
  const price = item?.price;
  const status = statusOf(subscription);
  const granted = status !== 'NONE' && status !== 'CANCELED';
  const tier: Tier = granted && price ? (prices.tierOf(price.id) ?? 'FREE') : 'FREE';
  const currency = price?.currency.toUpperCase() ?? null;
  return {
    subscriptionId: subscription.id,
    subscriptionItemId: item?.id ?? null,
    tier,
    status,
    priceAmount: price?.unit_amount != null && currency ? fromStripeAmount(price.unit_amount, currency) : null,
    currency,
    priceInterval: price?.recurring?.interval ?? null,
    trialEndsAt: subscription.status === 'trialing' ? dateOf(subscription.trial_end) : null,
    currentPeriodEnd: dateOf(item?.current_period_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    canceledAt: dateOf(subscription.ended_at),
  };
}
