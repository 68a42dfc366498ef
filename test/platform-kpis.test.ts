import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AcquisitionSpendDocument,
  BillingDocument,
  CancelSubscriptionDocument,
  CorrectAcquisitionSpendDocument,
  LoginDocument,
  PlatformKpisDocument,
  RecordAcquisitionSpendDocument,
  StartSubscriptionDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
  type CorrectAcquisitionSpendInput,
  type PlatformKpisQuery,
  type RecordAcquisitionSpendInput,
} from '../client-sdk/index.ts';
import { DEMO_OPERATOR, DEMO_PASSWORD, DEMO_TENANTS, type DemoTenant } from '../common/demo.ts';
import type { Identity } from '../common/identity/identity.ts';
import { AuditEventEntity } from '../subgraphs/tenant/audit-event.entity.ts';
import { callSubgraphAs, subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startPlatformOnStripe } from './support/stripe-platform.ts';
import { startStripeStandIn, type StripeStandIn } from './support/stripe-stand-in.ts';
import type { TestPlatform } from './support/test-platform.ts';

const [demo, rival] = DEMO_TENANTS as [DemoTenant, DemoTenant];

let stripe: StripeStandIn;
let platform: TestPlatform;
let operator: GoCoffeeClient;
let owners: Map<DemoTenant, GoCoffeeClient>;

const monthsAgo = (months: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
};
const monthOf = (months: number) => monthsAgo(months).toISOString().slice(0, 7);

const ownerOf = (tenant: DemoTenant) => owners.get(tenant)!;
const subscriptionOf = (tenant: DemoTenant) =>
  [...stripe.billing.subscriptions.values()].find((subscription) => subscription.metadata.tenant_id === tenant.id)!;

async function settlesAt(tenant: DemoTenant, expected: { status: string; tier: string }) {
  await vi.waitFor(
    async () => expect((await ownerOf(tenant).request(BillingDocument, {})).billing).toMatchObject(expected),
    { timeout: 10_000 },
  );
}

/** Everything recorded so far happened a month earlier: the way to build history without waiting for it. */
const aMonthPasses = () =>
  subgraphDatabase(platform, 'payments').system((db) =>
    db.query(`UPDATE payments.billing_changes SET at = at - interval '1 month'`),
  );

const record = async (input: RecordAcquisitionSpendInput) =>
  (await operator.request(RecordAcquisitionSpendDocument, { input })).recordAcquisitionSpend;

async function kpis() {
  const range = { from: monthsAgo(2).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };
  return (await operator.request(PlatformKpisDocument, { range })).platformRevenue;
}
const usdRowOf = (rows: PlatformKpisQuery['platformRevenue'], monthsBack: number) =>
  rows.find((row) => row.month === monthOf(monthsBack) && row.currency === 'USD');

/**
 * Two months ago the demo tenant starts paying STARTER ($29) while the rival trials PROFESSIONAL;
 * last month the demo tenant leaves and the rival pays PROFESSIONAL ($99); this month nothing moves.
 */
beforeAll(async () => {
  stripe = await startStripeStandIn();
  platform = await startPlatformOnStripe(stripe, {
    STRIPE_PRICE_STARTER: stripe.billing.createPrice(2_900, 'usd'),
    STRIPE_PRICE_PROFESSIONAL: stripe.billing.createPrice(9_900, 'usd'),
    STRIPE_PRICE_ENTERPRISE: stripe.billing.createPrice(49_900, 'usd'),
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

  await ownerOf(demo).request(StartSubscriptionDocument, { input: { tier: 'STARTER' } });
  await settlesAt(demo, { status: 'TRIALING', tier: 'STARTER' });
  stripe.billing.endPeriod(subscriptionOf(demo).id);
  await settlesAt(demo, { status: 'ACTIVE', tier: 'STARTER' });
  await ownerOf(rival).request(StartSubscriptionDocument, { input: { tier: 'PROFESSIONAL' } });
  await settlesAt(rival, { status: 'TRIALING', tier: 'PROFESSIONAL' });
  await aMonthPasses();

  await ownerOf(demo).request(CancelSubscriptionDocument, {});
  stripe.billing.endPeriod(subscriptionOf(demo).id);
  await settlesAt(demo, { status: 'CANCELED', tier: 'FREE' });
  stripe.billing.endPeriod(subscriptionOf(rival).id);
  await settlesAt(rival, { status: 'ACTIVE', tier: 'PROFESSIONAL' });
  await aMonthPasses();
});
afterAll(async () => {
  await Promise.all([...(owners?.values() ?? [])].map((client) => client.dispose()));
  await platform?.stop();
  await stripe?.close();
});

describe('acquisition spend and the unit economics of the platform', () => {
  it('answers CAC, LTV and LTV:CAC beside MRR, ARR, ARPU, churn and tiers in one query', async () => {
    expect((await record({ month: monthOf(2), currency: 'USD', amount: 5_800 })).errors).toEqual([]);
    // Last month's spend comes in two parts, and the second is sent twice.
    expect((await record({ month: monthOf(1), currency: 'USD', amount: 2_000 })).errors).toEqual([]);
    const part = { month: monthOf(1), currency: 'usd', amount: 1_300, idempotencyKey: 'ads-last-month' };
    const first = await record(part);
    expect(first).toMatchObject({ errors: [], acquisitionSpend: { month: monthOf(1), amount: { amount: 1_300 } } });
    expect((await record(part)).acquisitionSpend?.id).toBe(first.acquisitionSpend?.id);

    const rows = await kpis();
    // Last month: one tenant acquired for $33, ARPU $99 and every tenant paying at the start gone,
    // so a tenant pays for one month: LTV $99, three times its CAC.
    expect(usdRowOf(rows, 1)).toMatchObject({
      mrr: { amount: 9_900, currency: 'USD' },
      arr: { amount: 118_800 },
      arpu: { amount: 9_900 },
      logoChurn: 1,
      newPayingTenants: 1,
      tenantsByTier: [{ tier: 'PROFESSIONAL', tenants: 1 }],
      acquisitionSpend: { amount: 3_300, currency: 'USD' },
      cac: { amount: 3_300, currency: 'USD' },
      ltv: { amount: 9_900, currency: 'USD' },
      ltvToCac: 3,
    });
    // Two months ago nobody paid at the start: no churn to estimate a lifetime from.
    expect(usdRowOf(rows, 2)).toMatchObject({
      newPayingTenants: 1,
      logoChurn: null,
      cac: { amount: 5_800 },
      ltv: null,
      ltvToCac: null,
    });
    // This month: no spend, nobody new, nobody left.
    expect(usdRowOf(rows, 0)).toMatchObject({
      mrr: { amount: 9_900 },
      newPayingTenants: 0,
      logoChurn: 0,
      acquisitionSpend: null,
      cac: null,
      ltv: null,
      ltvToCac: null,
    });
  });

  it("lists each month's recorded spend with that month's revenue", async () => {
    const { acquisitionSpend } = await operator.request(AcquisitionSpendDocument, {
      range: { from: monthOf(2), to: monthOf(0) },
    });
    expect(acquisitionSpend).toEqual([
      {
        month: monthOf(2),
        amount: { amount: 5_800, currency: 'USD' },
        revenue: { newPayingTenants: 1, cac: { amount: 5_800 } },
      },
      {
        month: monthOf(1),
        amount: { amount: 3_300, currency: 'USD' },
        revenue: { newPayingTenants: 1, cac: { amount: 3_300 } },
      },
    ]);
  });

  it('shows no revenue beside spend in a currency no tenant paid in', async () => {
    expect((await record({ month: monthOf(1), currency: 'JPY', amount: 50_000 })).errors).toEqual([]);
    const { acquisitionSpend } = await operator.request(AcquisitionSpendDocument, {
      range: { from: monthOf(1), to: monthOf(1) },
    });
    expect(acquisitionSpend).toContainEqual({
      month: monthOf(1),
      amount: { amount: 50_000, currency: 'JPY' },
      revenue: null,
    });
  });

  it('refuses a month, an amount or a currency it cannot use, and records nothing of them', async () => {
    const valid = { month: monthOf(0), currency: 'USD', amount: 100 };
    const codesOf = async (input: RecordAcquisitionSpendInput) =>
      (await record(input)).errors.map((error) => error.code);
    expect(await codesOf({ ...valid, month: '2026-13' })).toEqual(['INVALID_MONTH']);
    expect(await codesOf({ ...valid, month: '2026-1' })).toEqual(['INVALID_MONTH']);
    expect(await codesOf({ ...valid, amount: -1 })).toEqual(['INVALID_AMOUNT']);
    expect(await codesOf({ ...valid, currency: 'QQQ' })).toEqual(['INVALID_CURRENCY']);
    expect(await codesOf({ ...valid, amount: 200, idempotencyKey: 'ads-last-month' })).toEqual([
      'IDEMPOTENCY_KEY_REUSED',
    ]);
    expect(usdRowOf(await kpis(), 0)?.acquisitionSpend).toBeNull();

    // A month's total is an amount too: it may not grow past what one carries.
    const inPounds = { month: monthOf(0), currency: 'GBP' };
    expect(await codesOf({ ...inPounds, amount: 2 ** 31 - 1 })).toEqual([]);
    expect(await codesOf({ ...inPounds, amount: 1 })).toEqual(['INVALID_AMOUNT']);
    const { acquisitionSpend } = await operator.request(AcquisitionSpendDocument, {
      range: { from: monthOf(0), to: monthOf(0) },
    });
    expect(acquisitionSpend.map((month) => month.amount)).toEqual([{ amount: 2 ** 31 - 1, currency: 'GBP' }]);

    const result = await operator.execute(AcquisitionSpendDocument, { range: { from: monthOf(0), to: monthOf(2) } });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is in the audit trail for each spend recorded and each read of it', async () => {
    await record({ month: monthOf(0), currency: 'EUR', amount: 1_000 });
    await operator.request(CorrectAcquisitionSpendDocument, {
      input: { month: monthOf(0), currency: 'EUR', amount: 900, reason: 'The agency refunded a day' },
    });
    await operator.request(AcquisitionSpendDocument, { range: { from: monthOf(0), to: monthOf(0) } });
    for (const operation of ['recordAcquisitionSpend', 'correctAcquisitionSpend', 'acquisitionSpend']) {
      await expect
        .poll(() =>
          subgraphDatabase(platform, 'tenant').system((manager) =>
            manager.getRepository(AuditEventEntity).findBy({ operation, subgraph: 'analytics' }),
          ),
        )
        .toContainEqual(expect.objectContaining({ tenantId: null, outcome: 'SUCCEEDED' }));
    }
  });

  it("corrects a month's total with an entry of the difference and its reason, keeping what was recorded", async () => {
    const month = monthOf(2);
    const correct = async (input: CorrectAcquisitionSpendInput) =>
      (await operator.request(CorrectAcquisitionSpendDocument, { input })).correctAcquisitionSpend;
    const totalOf = async (currency: string) =>
      (await operator.request(AcquisitionSpendDocument, { range: { from: month, to: month } })).acquisitionSpend.find(
        (row) => row.amount.currency === currency,
      )?.amount.amount;
    await record({ month, currency: 'CHF', amount: 9_000 });
    await record({ month, currency: 'CHF', amount: 900 });

    const fix = {
      month,
      currency: 'chf',
      amount: 9_000,
      reason: 'An invoice was entered twice',
      idempotencyKey: 'chf-fix',
    };
    const corrected = await correct(fix);
    expect(corrected).toMatchObject({
      errors: [],
      acquisitionSpend: {
        month,
        amount: { amount: -900, currency: 'CHF' },
        reason: 'An invoice was entered twice',
        correctedTotal: { amount: 9_000, currency: 'CHF' },
      },
    });
    expect(await totalOf('CHF')).toBe(9_000);
    // Sent again it changes nothing; the key with another correction is refused.
    expect((await correct(fix)).acquisitionSpend?.id).toBe(corrected.acquisitionSpend?.id);
    expect((await correct({ ...fix, amount: 8_000 })).errors.map((error) => error.code)).toEqual([
      'IDEMPOTENCY_KEY_REUSED',
    ]);
    expect(await totalOf('CHF')).toBe(9_000);

    // Up as well as down, and in a month with nothing recorded yet.
    expect((await correct({ ...fix, amount: 9_500, idempotencyKey: null })).acquisitionSpend?.amount.amount).toBe(500);
    expect(await totalOf('CHF')).toBe(9_500);
    expect((await correct({ ...fix, currency: 'SEK', idempotencyKey: null })).acquisitionSpend?.amount.amount).toBe(
      9_000,
    );

    const codesOf = async (input: CorrectAcquisitionSpendInput) =>
      (await correct(input)).errors.map((error) => error.code).sort();
    expect(await codesOf({ ...fix, idempotencyKey: null, reason: '  ' })).toEqual(['INVALID_REASON']);
    expect(await codesOf({ ...fix, idempotencyKey: null, amount: -1, month: '2026-1' })).toEqual([
      'INVALID_AMOUNT',
      'INVALID_MONTH',
    ]);
    expect(await totalOf('CHF')).toBe(9_500);
    const refused = await ownerOf(demo).execute(CorrectAcquisitionSpendDocument, { input: fix });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps what was recorded as it was', async () => {
    const analytics = subgraphDatabase(platform, 'analytics');
    for (const statement of [
      `UPDATE analytics.acquisition_spend SET amount = 0`,
      `DELETE FROM analytics.acquisition_spend`,
    ]) {
      await expect(analytics.transaction(null, (db) => db.query(statement))).rejects.toThrow(/permission denied/);
    }
  });

  it("is for platform operators: a tenant owner is refused the spend and each month's unit economics", async () => {
    const owner = ownerOf(demo);
    const recorded = await owner.execute(RecordAcquisitionSpendDocument, {
      input: { month: monthOf(0), currency: 'USD', amount: 1 },
    });
    expect(recorded.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await owner.execute(AcquisitionSpendDocument, { range: { from: monthOf(1), to: monthOf(0) } });
    expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Asked for a month by reference, as the gateway would, each subgraph refuses a tenant's owner.
    const identity: Identity = {
      kind: 'user',
      userId: '00000000-0000-4000-8000-000000000001',
      tenantId: demo.id,
      roles: ['OWNER'],
      scopes: [],
      tier: 'PROFESSIONAL',
    };
    const reference = {
      __typename: 'PlatformRevenueMonth',
      month: monthOf(1),
      currency: 'USD',
      arpu: { amount: 9_900, currency: 'USD' },
      logoChurn: 1,
      newPayingTenants: 1,
    };
    const analytics = await callSubgraphAs(
      platform,
      'analytics',
      identity,
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on PlatformRevenueMonth { acquisitionSpend { amount } cac { amount } ltvToCac } }
      }`,
      { representations: [reference] },
    );
    expect(analytics.errors?.map((error) => error.extensions.code)).toContain('FORBIDDEN');
    expect(JSON.stringify(analytics.data ?? null)).not.toContain('3300');
    const payments = await callSubgraphAs(
      platform,
      'payments',
      identity,
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on PlatformRevenueMonth { mrr { amount } newPayingTenants } }
      }`,
      { representations: [{ __typename: 'PlatformRevenueMonth', month: monthOf(1), currency: 'USD' }] },
    );
    expect(payments.errors?.map((error) => error.extensions.code)).toContain('FORBIDDEN');
    expect(JSON.stringify(payments.data ?? null)).not.toContain('9900');
  });
});
