import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BillingDocument,
  CancelSubscriptionDocument,
  ChangeSubscriptionTierDocument,
  LoginDocument,
  PlatformRevenueDocument,
  StartSubscriptionDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
  type PlatformRevenueQuery,
} from '../client-sdk/index.ts';
import { DEMO_OPERATOR, DEMO_PASSWORD, DEMO_TENANTS, type DemoTenant } from '../common/demo.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startPlatformOnStripe } from './support/stripe-platform.ts';
import { startStripeStandIn, type StripeStandIn } from './support/stripe-stand-in.ts';
import type { TestPlatform } from './support/test-platform.ts';
import { eventually } from './support/eventually.ts';

const [demo, rival] = DEMO_TENANTS as [DemoTenant, DemoTenant];

let stripe: StripeStandIn;
let platform: TestPlatform;
let operator: GoCoffeeClient;
let owners: Map<DemoTenant, GoCoffeeClient>;

beforeAll(async () => {
  stripe = await startStripeStandIn();
  platform = await startPlatformOnStripe(stripe, {
    STRIPE_PRICE_STARTER: stripe.billing.createPrice(2_900, 'usd'),
    STRIPE_PRICE_PROFESSIONAL: stripe.billing.createPrice(9_900, 'usd'),
    STRIPE_PRICE_ENTERPRISE: stripe.billing.createPrice(120_000, 'usd', 'year'),
    STRIPE_PRICE_WHITE_LABEL: stripe.billing.createPrice(15_000, 'jpy'),
  });
  const { login } = await createGoCoffeeClient({ url: platform.gatewayUrl }).request(LoginDocument, {
    input: { email: DEMO_OPERATOR.email, password: DEMO_PASSWORD },
  });
  operator = createGoCoffeeClient({ url: platform.gatewayUrl, token: login.accessToken! });
  owners = new Map([
    [demo, await signInAs(platform.gatewayUrl, demo, 'OWNER')],
    [rival, await signInAs(platform.gatewayUrl, rival, 'OWNER')],
  ]);
});
afterAll(async () => {
  await Promise.all([...(owners?.values() ?? [])].map((client) => client.dispose()));
  await platform?.stop();
  await stripe?.close();
});

const ownerOf = (tenant: DemoTenant) => owners.get(tenant)!;
const subscriptionOf = (tenant: DemoTenant) =>
  [...stripe.billing.subscriptions.values()].find((subscription) => subscription.metadata.tenant_id === tenant.id)!;

async function settlesAt(tenant: DemoTenant, expected: { status: string; tier: string }) {
  await eventually(async () =>
    expect((await ownerOf(tenant).request(BillingDocument, {})).billing).toMatchObject(expected),
  );
}

/** Everything recorded so far happened a month earlier: the way to build history without waiting for it. */
const aMonthPasses = () =>
  subgraphDatabase(platform, 'payments').system((db) =>
    db.query(`UPDATE payments.billing_changes SET at = at - interval '1 month'`),
  );

const monthsAgo = (months: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
};
const monthOf = (months: number) => monthsAgo(months).toISOString().slice(0, 7);

async function revenue() {
  const range = { from: monthsAgo(2).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };
  const { platformRevenue } = await operator.request(PlatformRevenueDocument, { range });
  return platformRevenue;
}
const rowOf = (rows: PlatformRevenueQuery['platformRevenue'], monthsBack: number, currency: string) =>
  rows.find((row) => row.month === monthOf(monthsBack) && row.mrr.currency === currency);

describe("the platform's subscription revenue", () => {
  it('follows trials, upgrades, downgrades, past dues, restrictions and cancellations month by month, per currency', async () => {
    // Two months ago: the demo tenant's trial of STARTER converts; the rival starts a trial in yen.
    expect(
      (await ownerOf(demo).request(StartSubscriptionDocument, { input: { tier: 'STARTER' } })).startSubscription.errors,
    ).toEqual([]);
    await settlesAt(demo, { status: 'TRIALING', tier: 'STARTER' });
    stripe.billing.endPeriod(subscriptionOf(demo).id);
    await settlesAt(demo, { status: 'ACTIVE', tier: 'STARTER' });
    expect(
      (await ownerOf(rival).request(StartSubscriptionDocument, { input: { tier: 'WHITE_LABEL' } })).startSubscription
        .errors,
    ).toEqual([]);
    await settlesAt(rival, { status: 'TRIALING', tier: 'WHITE_LABEL' });
    await aMonthPasses();

    // Last month: the demo tenant upgrades to the yearly ENTERPRISE price and then settles on
    // PROFESSIONAL; the rival's trial ends and it pays.
    for (const tier of ['ENTERPRISE', 'PROFESSIONAL'] as const) {
      const { changeSubscriptionTier } = await ownerOf(demo).request(ChangeSubscriptionTierDocument, {
        input: { tier },
      });
      expect(changeSubscriptionTier.errors).toEqual([]);
      await settlesAt(demo, { status: 'ACTIVE', tier });
    }
    stripe.billing.endPeriod(subscriptionOf(rival).id);
    await settlesAt(rival, { status: 'ACTIVE', tier: 'WHITE_LABEL' });
    await aMonthPasses();

    // This month: the demo tenant cancels and its period ends; the rival's renewal fails.
    expect((await ownerOf(demo).request(CancelSubscriptionDocument, {})).cancelSubscription.errors).toEqual([]);
    stripe.billing.endPeriod(subscriptionOf(demo).id);
    await settlesAt(demo, { status: 'CANCELED', tier: 'FREE' });
    stripe.billing.setCardDeclined(subscriptionOf(rival).customer as string, true);
    stripe.billing.endPeriod(subscriptionOf(rival).id);
    await settlesAt(rival, { status: 'PAST_DUE', tier: 'WHITE_LABEL' });

    const rows = await revenue();
    expect(rowOf(rows, 2, 'USD')).toMatchObject({
      mrr: { amount: 2_900 },
      arr: { amount: 34_800 },
      payingTenants: 1,
      arpu: { amount: 2_900 },
      newMrr: { amount: 2_900 },
      tenantsByTier: [{ tier: 'STARTER', tenants: 1 }],
    });
    expect(rowOf(rows, 2, 'JPY')).toMatchObject({
      mrr: { amount: 0 },
      payingTenants: 0,
      trialingTenants: 1,
      arpu: null,
    });
    expect(rowOf(rows, 1, 'USD')).toMatchObject({
      mrr: { amount: 9_900 },
      expansionMrr: { amount: 7_000 },
      newMrr: { amount: 0 },
      payingTenantsAtStart: 1,
      logoChurn: 0,
      tenantsByTier: [{ tier: 'PROFESSIONAL', tenants: 1 }],
    });
    expect(rowOf(rows, 1, 'JPY')).toMatchObject({
      mrr: { amount: 15_000 },
      newMrr: { amount: 15_000 },
      trialingTenants: 0,
    });
    expect(rowOf(rows, 0, 'USD')).toMatchObject({
      mrr: { amount: 0 },
      churnedMrr: { amount: 9_900 },
      churnedTenants: 1,
      logoChurn: 1,
      revenueChurn: 1,
      payingTenants: 0,
    });
    // Past due: Stripe is still retrying, and the tenant keeps its tier meanwhile.
    expect(rowOf(rows, 0, 'JPY')).toMatchObject({ mrr: { amount: 15_000 }, payingTenants: 1, churnedTenants: 0 });

    // After three failed tries the rival is RESTRICTED: no longer revenue.
    stripe.billing.retryPayment(subscriptionOf(rival).id);
    stripe.billing.retryPayment(subscriptionOf(rival).id);
    await settlesAt(rival, { status: 'RESTRICTED', tier: 'WHITE_LABEL' });
    expect(rowOf(await revenue(), 0, 'JPY')).toMatchObject({
      mrr: { amount: 0 },
      churnedMrr: { amount: 15_000 },
      churnedTenants: 1,
      logoChurn: 1,
    });
  });

  it("keeps each tenant's history to itself, and append-only", async () => {
    const payments = subgraphDatabase(platform, 'payments');
    const seen = await payments.transaction(rival.id, (db) =>
      db.query(`SELECT DISTINCT tenant_id FROM payments.billing_changes`),
    );
    expect(seen).toEqual([{ tenant_id: rival.id }]);
    await expect(
      payments.transaction(rival.id, (db) => db.query(`DELETE FROM payments.billing_changes`)),
    ).rejects.toThrow(/permission denied/);
  });

  it('is for platform operators: a tenant owner is refused', async () => {
    const range = { from: monthsAgo(1).toISOString(), to: new Date().toISOString() };
    const result = await ownerOf(demo).execute(PlatformRevenueDocument, { range });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.data?.platformRevenue ?? null).toBeNull();
  });
});
