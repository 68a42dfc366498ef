import type Stripe from 'stripe';
import { IsNull, type EntityManager } from 'typeorm';
import { pageOf, toConnection, type ConnectionArgs } from '../../../common/graphql/connection.ts';
import type { SubgraphContext } from '../../../common/graphql/subgraph-context.ts';
import { UserErrorRejection, userError, type UserError } from '../../../common/graphql/user-error.ts';
import { TIER_LIMITS, TRIAL_DAYS, isTier, type Tier } from '../../../common/tiers.ts';
import { BillingAccountEntity, type BillingAccount } from './billing-account.entity.ts';
import { lockBillingAccount, recordSubscription } from './billing-record.ts';
import { ProviderRefusal, ProviderUnavailable } from '../payment-provider.ts';
import { callStripe } from '../stripe/stripe-errors.ts';
import { InvoiceEntity } from './invoice.entity.ts';
import type { TierPrices } from './tier-prices.ts';

export type BillingResult = { billing: BillingAccount | null; errors: UserError[] };

const LIVE = new Set(['TRIALING', 'ACTIVE', 'PAST_DUE', 'RESTRICTED']);
const EXPAND = ['latest_invoice'];
const refused = (code: string, message: string, field?: string[]): BillingResult => ({
  billing: null,
  errors: [userError(code, message, field)],
});

/**
 * A Stripe call whose refusal or outage answers the mutation with a UserError. `onRefusal` undoes
 * what was claimed for the call, since Stripe keeps a refusal under its idempotency key.
 */
async function billingCall<T>(call: () => Promise<T>, onRefusal?: () => Promise<unknown>): Promise<T> {
  try {
    return await callStripe(call);
  } catch (error) {
    if (error instanceof ProviderUnavailable) {
      throw new UserErrorRejection([
        userError('PAYMENT_PROVIDER_UNAVAILABLE', 'Stripe cannot be reached just now: try again in a moment'),
      ]);
    }
    if (!(error instanceof ProviderRefusal)) throw error;
    await onRefusal?.();
    throw new UserErrorRejection([userError('PAYMENT_PROVIDER_REFUSED', `Stripe refused: ${error.message}`)]);
  }
}

/** A higher tier: more of every limit. Upgrades are charged at once, downgrades credited on the next invoice. */
const rank = (tier: Tier) => Object.keys(TIER_LIMITS).indexOf(tier);

/**
 * Tenant billing through Stripe Billing: a customer per tenant, one subscription to the paid tier's
 * price, the trial on the first one, tier changes with proration, cancellation at period end. Each
 * call that creates something at Stripe uses an idempotency key derived from our rows, and Stripe's
 * answer is recorded under the account's row lock (as webhooks are), so the account only moves to
 * what Stripe says now.
 */
export function createBillingService(configured: Stripe | null, prices: TierPrices) {
  const stripe = configured!;
  async function customerOf(ctx: SubgraphContext, tenantId: string): Promise<string> {
    const account = await ctx.transaction((manager) => lockBillingAccount(manager, tenantId));
    if (account.customerId) return account.customerId;
    const customer = await billingCall(() =>
      stripe.customers.create({ metadata: { tenant_id: tenantId } }, { idempotencyKey: `tenant-${tenantId}-customer` }),
    );
    await ctx.transaction((manager) =>
      manager
        .getRepository(BillingAccountEntity)
        .update({ tenantId, customerId: IsNull() }, { customerId: customer.id }),
    );
    return customer.id;
  }

  const record = (ctx: SubgraphContext, tenantId: string, subscription: Stripe.Subscription) =>
    ctx.transaction(async (manager) =>
      recordSubscription(manager, await lockBillingAccount(manager, tenantId), subscription, prices),
    );

  /** The price of a tier that may be subscribed to here, or why not. */
  function priceFor(tier: string): { price: string } | BillingResult {
    if (!configured) return refused('BILLING_UNAVAILABLE', 'Stripe Billing is not set up here');
    const price = isTier(tier) ? prices.priceOf(tier) : null;
    return price ? { price } : refused('TIER_NOT_OFFERED', `${tier} cannot be subscribed to here`, ['tier']);
  }

  return {
    find: (manager: EntityManager, tenantId: string) =>
      manager.getRepository(BillingAccountEntity).findOneBy({ tenantId }),

    async invoices(manager: EntityManager, tenantId: string, args: ConnectionArgs) {
      const page = pageOf(args);
      const [invoices, total] = await manager.getRepository(InvoiceEntity).findAndCount({
        where: { tenantId },
        order: { createdAt: 'DESC', id: 'DESC' },
        skip: page.offset,
        take: page.limit,
      });
      return toConnection(invoices, total, page);
    },

    /** Subscribes the tenant to a paid tier; its first subscription starts with the trial. */
    async start(ctx: SubgraphContext, tier: string): Promise<BillingResult> {
      const offered = priceFor(tier);
      if (!('price' in offered)) return offered;
      const { price } = offered;
      const tenantId = ctx.identity.tenantId!;
      const customer = await customerOf(ctx, tenantId);
      const claim = await ctx.transaction(async (manager) => {
        const account = await lockBillingAccount(manager, tenantId);
        if (account.subscriptionId && LIVE.has(account.status)) return null;
        // A retry after a lost answer reuses the attempt, and its key gives the same subscription.
        const pending = account.subscriptionId === null && account.subscriptionAttempts > 0;
        const attempt = pending ? account.subscriptionAttempts : account.subscriptionAttempts + 1;
        if (!pending)
          await manager.getRepository(BillingAccountEntity).update({ tenantId }, { subscriptionAttempts: attempt });
        return { attempt, firstEver: account.subscriptionId === null };
      });
      if (!claim)
        return refused('ALREADY_SUBSCRIBED', 'The tenant has a subscription: change its tier instead', ['tier']);
      const subscription = await billingCall(
        () =>
          stripe.subscriptions.create(
            {
              customer,
              items: [{ price }],
              ...(claim.firstEver ? { trial_period_days: TRIAL_DAYS } : {}),
              payment_behavior: 'default_incomplete',
              metadata: { tenant_id: tenantId },
              expand: EXPAND,
            },
            { idempotencyKey: `tenant-${tenantId}-subscription-${claim.attempt}-${tier}` },
          ),
        // The refused attempt is spent, so the next one goes to Stripe under a key of its own.
        () =>
          ctx.transaction((manager) =>
            manager
              .getRepository(BillingAccountEntity)
              .update({ tenantId, subscriptionAttempts: claim.attempt }, { subscriptionAttempts: claim.attempt + 1 }),
          ),
      );
      return { billing: await record(ctx, tenantId, subscription), errors: [] };
    },

    /** Moves the subscription to another paid tier, prorated: an upgrade is invoiced now. */
    async changeTier(ctx: SubgraphContext, tier: string): Promise<BillingResult> {
      const offered = priceFor(tier);
      if (!('price' in offered)) return offered;
      const { price } = offered;
      const tenantId = ctx.identity.tenantId!;
      const account = await ctx.transaction((manager) => lockBillingAccount(manager, tenantId));
      const { subscriptionId, subscriptionItemId } = account;
      if (!subscriptionId || !subscriptionItemId || !LIVE.has(account.status)) {
        return refused('NO_SUBSCRIPTION', 'The tenant has no subscription to change: start one first');
      }
      if (account.tier === tier && !account.cancelAtPeriodEnd) return { billing: account, errors: [] };
      const subscription = await billingCall(() =>
        stripe.subscriptions.update(
          subscriptionId,
          {
            items: [{ id: subscriptionItemId, price }],
            proration_behavior: rank(tier as Tier) > rank(account.tier) ? 'always_invoice' : 'create_prorations',
            cancel_at_period_end: false,
            expand: EXPAND,
          },
          { idempotencyKey: `subscription-${subscriptionId}-v${account.version}-${tier}` },
        ),
      );
      return { billing: await record(ctx, tenantId, subscription), errors: [] };
    },

    /** Cancels at the end of the paid period: the tier stays until then, and FREE follows. */
    async cancel(ctx: SubgraphContext): Promise<BillingResult> {
      if (!configured) return refused('BILLING_UNAVAILABLE', 'Stripe Billing is not set up here');
      const tenantId = ctx.identity.tenantId!;
      const account = await ctx.transaction((manager) => lockBillingAccount(manager, tenantId));
      const { subscriptionId } = account;
      if (!subscriptionId || !LIVE.has(account.status)) {
        return refused('NO_SUBSCRIPTION', 'The tenant has no subscription to cancel');
      }
      if (account.cancelAtPeriodEnd) return { billing: account, errors: [] };
      const subscription = await billingCall(() =>
        stripe.subscriptions.update(
          subscriptionId,
          { cancel_at_period_end: true, expand: EXPAND },
          { idempotencyKey: `subscription-${subscriptionId}-v${account.version}-cancel` },
        ),
      );
      return { billing: await record(ctx, tenantId, subscription), errors: [] };
    },
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
