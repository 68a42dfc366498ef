import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BillingDocument,
  CancelSubscriptionDocument,
  ChangeSubscriptionTierDocument,
  CurrentTenantDocument,
  InvoicesDocument,
  StartSubscriptionDocument,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import pino from 'pino';
import Stripe from 'stripe';
import { DEMO_TENANTS, type DemoTenant } from '../common/demo.ts';
import { TIER_LIMITS, type Tier } from '../common/tiers.ts';
import { createMeterReporter } from '../subgraphs/payments/billing/meter-reporter.ts';
import { currentPeriod } from '../subgraphs/tenant/usage-counter.entity.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startPlatformOnStripe } from './support/stripe-platform.ts';
import { startStripeStandIn, type StripeStandIn } from './support/stripe-stand-in.ts';
import type { TestPlatform } from './support/test-platform.ts';
import { eventually } from './support/eventually.ts';

const [, rival] = DEMO_TENANTS as [DemoTenant, DemoTenant];
const silent = pino({ level: 'silent' });
const clientAt = (url: string) => {
  const { hostname, port } = new URL(url);
  return { host: hostname, port, protocol: 'http' as const, maxNetworkRetries: 0 };
};

let stripe: StripeStandIn;
let platform: TestPlatform;
let owner: GoCoffeeClient;
let manager: GoCoffeeClient;

beforeAll(async () => {
  stripe = await startStripeStandIn();
  platform = await startPlatformOnStripe(stripe, {
    STRIPE_PRICE_STARTER: stripe.billing.createPrice(2_900, 'usd'),
    STRIPE_PRICE_PROFESSIONAL: stripe.billing.createPrice(9_900, 'usd'),
    STRIPE_PRICE_ENTERPRISE: stripe.billing.createPrice(49_900, 'usd'),
    // A price since archived at Stripe: subscribing to it is refused there.
    STRIPE_PRICE_WHITE_LABEL: 'price_retired',
  });
  [owner, manager] = await Promise.all([
    signInAs(platform.gatewayUrl, rival, 'OWNER'),
    signInAs(platform.gatewayUrl, rival, 'MANAGER'),
  ]);
});
afterAll(async () => {
  await Promise.all([owner, manager].map((client) => client?.dispose()));
  await platform?.stop();
  await stripe?.close();
});

const billing = async () => (await owner.request(BillingDocument, {})).billing;
const tenant = async () => (await owner.request(CurrentTenantDocument, {})).currentTenant!;
const subscriptionId = () => [...stripe.billing.subscriptions.values()].at(-1)!.id;

describe('tenant billing with Stripe Billing through the gateway', () => {
  it('refuses a manager who tries to subscribe, and changes nothing at Stripe', async () => {
    await expect(manager.request(StartSubscriptionDocument, { input: { tier: 'STARTER' } })).rejects.toThrow(
      /FORBIDDEN|Not allowed|forbidden/i,
    );
    expect(stripe.billing.subscriptions.size).toBe(0);
  });

  it.each<[string, Tier, (() => void) | undefined, { code: string; message: string }]>([
    [
      'a price Stripe does not have',
      'WHITE_LABEL',
      undefined,
      { code: 'PAYMENT_PROVIDER_REFUSED', message: 'Stripe refused: Stripe refused the request (resource_missing)' },
    ],
    [
      'a declined card',
      'STARTER',
      () =>
        stripe.refuseNext('/v1/subscriptions', 402, {
          type: 'card_error',
          code: 'card_declined',
          message: 'Your card was declined.',
        }),
      { code: 'PAYMENT_PROVIDER_REFUSED', message: 'Stripe refused: Your card was declined.' },
    ],
    [
      'Stripe being down',
      'STARTER',
      () => stripe.refuseNext('/v1/subscriptions', 503, { type: 'api_error', message: 'Stripe is having trouble' }),
      { code: 'PAYMENT_PROVIDER_UNAVAILABLE', message: 'Stripe cannot be reached just now: try again in a moment' },
    ],
    [
      'a rate limit',
      'STARTER',
      () =>
        stripe.refuseNext('/v1/subscriptions', 429, {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: 'Too many requests',
        }),
      { code: 'PAYMENT_PROVIDER_UNAVAILABLE', message: 'Stripe cannot be reached just now: try again in a moment' },
    ],
  ])('answers %s with a clear error and leaves the tenant unsubscribed', async (_, tier, refuse, expected) => {
    refuse?.();
    const { startSubscription } = await owner.request(StartSubscriptionDocument, { input: { tier } });
    expect(startSubscription.errors).toEqual([{ ...expected, field: null }]);
    expect(startSubscription.billing).toBeNull();
    expect(await billing()).toMatchObject({ status: 'NONE', tier: 'FREE' });
    expect(stripe.billing.subscriptions.size).toBe(0);
  });

  it('starts a trial on the tier, and the webhook makes the tenant that tier on trial', async () => {
    const { startSubscription } = await owner.request(StartSubscriptionDocument, { input: { tier: 'STARTER' } });
    expect(startSubscription.errors).toEqual([]);
    expect(startSubscription.billing).toMatchObject({
      tier: 'STARTER',
      status: 'TRIALING',
      price: { amount: 2_900, currency: 'USD' },
    });
    await eventually(async () => expect(await tenant()).toMatchObject({ status: 'TRIAL' }));
    const { startSubscription: again } = await owner.request(StartSubscriptionDocument, { input: { tier: 'STARTER' } });
    expect(again.errors.map((error) => error.code)).toEqual(['ALREADY_SUBSCRIBED']);
  });

  it('after the trial bills the first period, and an upgrade is invoiced prorated at once', async () => {
    stripe.billing.endPeriod(subscriptionId());
    await eventually(async () => expect(await billing()).toMatchObject({ status: 'ACTIVE', tier: 'STARTER' }));
    await eventually(async () => expect(await tenant()).toMatchObject({ status: 'ACTIVE', tier: 'STARTER' }));
    const { changeSubscriptionTier } = await owner.request(ChangeSubscriptionTierDocument, {
      input: { tier: 'PROFESSIONAL' },
    });
    expect(changeSubscriptionTier.errors).toEqual([]);
    expect(changeSubscriptionTier.billing).toMatchObject({ tier: 'PROFESSIONAL', status: 'ACTIVE' });
    await eventually(async () => {
      const { invoices } = await owner.request(InvoicesDocument, { first: 10 });
      const proration = invoices.edges
        .map((edge) => edge.node)
        .find((invoice) => invoice.amountDue.amount > 2_900 && invoice.amountDue.amount <= 7_000);
      expect(proration).toMatchObject({
        status: 'paid',
        hostedInvoiceUrl: expect.stringMatching(/^https:/),
        invoicePdf: expect.stringMatching(/pdf$/),
      });
      expect(proration!.amountDue.amount).toBeGreaterThan(6_900);
    });
    await eventually(async () => expect((await tenant()).tier).toBe('PROFESSIONAL'));
  });

  it('reports calls above the allowance as a meter event of the usage record, counted once when resent', async () => {
    const limit = TIER_LIMITS.PROFESSIONAL.apiCallsPerMonth!;
    await subgraphDatabase(platform, 'tenant').system((db) =>
      // The whole allowance used up this month, on top of what was counted so far.
      db.query(
        `INSERT INTO tenant.usage_counters (tenant_id, period, metric, used) VALUES ($1, $2, 'API_CALLS', $3)
         ON CONFLICT (tenant_id, period, metric) DO UPDATE SET used = usage_counters.used + EXCLUDED.used`,
        [rival.id, currentPeriod(), limit],
      ),
    );
    // Stripe records the first report, but its answer is lost.
    stripe.dropResponses(1, '/v1/billing/meter_events');
    for (let call = 0; call < 3; call++) expect((await owner.execute(CurrentTenantDocument)).status).toBe(200);
    const reports = subgraphDatabase(platform, 'payments');
    const stored = () =>
      reports.system(
        (db) =>
          db.query(`SELECT id, quantity, reported_at FROM payments.meter_reports WHERE tenant_id = $1`, [
            rival.id,
          ]) as Promise<{ id: string; quantity: number; reported_at: Date | null }[]>,
      );
    await eventually(async () => expect((await stored()).length).toBeGreaterThan(0));
    await eventually(() => expect(stripe.billing.meterEventRequests).toBeGreaterThanOrEqual(1));
    expect((await stored()).every((report) => report.reported_at === null)).toBe(true);

    // The retry job sends it again; then once more, as after a crash before its answer was recorded.
    const reporter = createMeterReporter(
      reports,
      new Stripe(stripe.secretKey, clientAt(stripe.url)),
      'api_calls',
      silent,
    );
    await reporter.retryUnreported();
    await reports.system((db) => db.query(`UPDATE payments.meter_reports SET reported_at = NULL`));
    await reporter.retryUnreported();
    expect(stripe.billing.meterEventRequests).toBeGreaterThanOrEqual(3);
    const sent = await stored();
    expect(sent.every((report) => report.reported_at !== null)).toBe(true);
    const events = sent.map((report) => stripe.billing.meterEvents.get(report.id));
    expect(events.map((event) => event?.payload)).toEqual(
      sent.map((report) => ({ stripe_customer_id: expect.stringMatching(/^cus_/), value: String(report.quantity) })),
    );
    // Three sends, one event per usage record at Stripe (reports of later calls may have joined since).
    const reportIds = (await stored()).map((report) => report.id);
    expect([...stripe.billing.meterEvents.keys()].every((id) => reportIds.includes(id))).toBe(true);
  });

  it('marks the tenant PAST_DUE when a renewal fails, and RESTRICTED on FREE after three failures', async () => {
    const customerId = [...stripe.billing.customers.keys()].at(-1)!;
    stripe.billing.setCardDeclined(customerId, true);
    stripe.billing.endPeriod(subscriptionId());
    await eventually(async () => expect(await tenant()).toMatchObject({ status: 'PAST_DUE', tier: 'PROFESSIONAL' }));
    stripe.billing.retryPayment(subscriptionId());
    stripe.billing.retryPayment(subscriptionId());
    await eventually(async () => expect(await tenant()).toMatchObject({ status: 'RESTRICTED', tier: 'FREE' }));
    stripe.billing.setCardDeclined(customerId, false);
    stripe.billing.retryPayment(subscriptionId());
    await eventually(async () => expect(await tenant()).toMatchObject({ status: 'ACTIVE', tier: 'PROFESSIONAL' }));
  });

  it('cancels at the end of the period: the tier stays until then, FREE after', async () => {
    const { cancelSubscription } = await owner.request(CancelSubscriptionDocument, {});
    expect(cancelSubscription.billing).toMatchObject({ cancelAtPeriodEnd: true, tier: 'PROFESSIONAL' });
    stripe.billing.endPeriod(subscriptionId());
    await eventually(async () => expect(await billing()).toMatchObject({ status: 'CANCELED', tier: 'FREE' }));
    await eventually(async () => expect(await tenant()).toMatchObject({ status: 'ACTIVE', tier: 'FREE' }));
  });

  it('applies a webhook delivered twice once', async () => {
    const event = stripe.events.filter((candidate) => candidate.type === 'customer.subscription.updated').at(-1)!;
    const replay = await stripe.deliver(event);
    expect(replay).toMatchObject({ status: 200, body: { duplicate: true } });
  });
});
