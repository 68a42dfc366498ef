import type Stripe from 'stripe';
import { IsNull, type EntityManager } from 'typeorm';
import { pageOf, toConnection, type ConnectionArgs } from '../../../common/graphql/connection.ts';
import type { SubgraphContext } from '../../../common/graphql/subgraph-context.ts';
import { userError, type UserError } from '../../../common/graphql/user-error.ts';
import { TIER_LIMITS, TRIAL_DAYS, isTier, type Tier } from '../../../common/tiers.ts';
import { BillingAccountEntity, type BillingAccount } from './billing-account.entity.ts';
import { lockBillingAccount, recordSubscription } from './billing-record.ts';
import { InvoiceEntity } from './invoice.entity.ts';
import type { TierPrices } from './tier-prices.ts';

export type BillingResult = { billing: BillingAccount | null; errors: UserError[] };

const LIVE = new Set(['TRIALING', 'ACTIVE', 'PAST_DUE', 'RESTRICTED']);
const EXPAND = ['latest_invoice'];
const refused = (code: string, message: string, field?: string[]): BillingResult => ({
  billing: null,
  errors: [userError(code, message, field)],
});

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
    const customer = await stripe.customers.create(
      { metadata: { tenant_id: tenantId } },
      { idempotencyKey: `tenant-${tenantId}-customer` },
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
        return { attempt, firstEver: attempt === 1 };
      });
      if (!claim)
        return refused('ALREADY_SUBSCRIBED', 'The tenant has a subscription: change its tier instead', ['tier']);
      const subscription = await stripe.subscriptions.create(
        {
          customer,
          items: [{ price }],
          ...(claim.firstEver ? { trial_period_days: TRIAL_DAYS } : {}),
          payment_behavior: 'default_incomplete',
          metadata: { tenant_id: tenantId },
          expand: EXPAND,
        },
        { idempotencyKey: `tenant-${tenantId}-subscription-${claim.attempt}-${tier}` },
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
      if (!account.subscriptionId || !account.subscriptionItemId || !LIVE.has(account.status)) {
        return refused('NO_SUBSCRIPTION', 'The tenant has no subscription to change: start one first');
      }
      if (account.tier === tier && !account.cancelAtPeriodEnd) return { billing: account, errors: [] };
      const subscription = await stripe.subscriptions.update(
        account.subscriptionId,
        {
          items: [{ id: account.subscriptionItemId, price }],
          proration_behavior: rank(tier as Tier) > rank(account.tier) ? 'always_invoice' : 'create_prorations',
          cancel_at_period_end: false,
          expand: EXPAND,
        },
        { idempotencyKey: `subscription-${account.subscriptionId}-v${account.version}-${tier}` },
      );
      return { billing: await record(ctx, tenantId, subscription), errors: [] };
    },

    /** Cancels at the end of the paid period: the tier stays until then, and FREE follows. */
    async cancel(ctx: SubgraphContext): Promise<BillingResult> {
      if (!configured) return refused('BILLING_UNAVAILABLE', 'Stripe Billing is not set up here');
      const tenantId = ctx.identity.tenantId!;
      const account = await ctx.transaction((manager) => lockBillingAccount(manager, tenantId));
      if (!account.subscriptionId || !LIVE.has(account.status)) {
        return refused('NO_SUBSCRIPTION', 'The tenant has no subscription to cancel');
      }
      if (account.cancelAtPeriodEnd) return { billing: account, errors: [] };
      const subscription = await stripe.subscriptions.update(
        account.subscriptionId,
        { cancel_at_period_end: true, expand: EXPAND },
        { idempotencyKey: `subscription-${account.subscriptionId}-v${account.version}-cancel` },
      );
      return { billing: await record(ctx, tenantId, subscription), errors: [] };
    },
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
