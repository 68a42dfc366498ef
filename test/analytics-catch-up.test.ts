import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KpisDocument,
  LoginDocument,
  PlaceOrderDocument,
  RecordInStorePaymentDocument,
  RefundPaymentDocument,
  SetTenantTimeZoneDocument,
  UpdateStoreDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
  type KpisQuery,
} from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail, type DemoTenant } from '../common/demo.ts';
import { databaseEventSource, type EventPage } from '../common/events/outbox-feed.ts';
import { generateKeyPairPem, loadKeys } from '../common/identity/keys.ts';
import { EVENT_FEED_TOKEN_HEADER, signEventFeedToken } from '../common/identity/event-feed-token.ts';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '../common/identity/internal-token.ts';
import type { Role } from '../common/identity/identity.ts';
import { addDays } from '../common/time/zoned-time.ts';
import { backfillAnalytics } from '../subgraphs/analytics/backfill.ts';
import { EVENT_SOURCES } from '../subgraphs/analytics/server.ts';
import { eventually } from './support/eventually.ts';
import { createMenuFixture, type MenuFixture } from './support/menu-fixtures.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

const [demo] = DEMO_TENANTS as [DemoTenant];
const store = demo.stores[0]!;
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
const today = new Date().toISOString().slice(0, 10);
const HISTORY = { from: addDays(today, -4), to: today };

let platform: TestPlatform;
let manager: GoCoffeeClient;

async function signIn(role: Role): Promise<GoCoffeeClient> {
  const client = createGoCoffeeClient({ url: platform.gatewayUrl });
  const { login } = await client.request(LoginDocument, {
    input: { email: demoEmail(demo, role), password: DEMO_PASSWORD, tenantSlug: demo.slug },
  });
  client.setToken(login.accessToken!);
  return client;
}

beforeAll(async () => {
  // The demo history is recorded and published before analytics listens: only a catch-up brings it.
  platform = await startTestPlatform({ DEMO_HISTORY_DAYS: '3' });
  manager = await signIn('MANAGER');
});
afterAll(async () => {
  await manager?.dispose();
  await platform?.stop();
});

/** What the orders subgraph itself says sold over the history's days (UTC), counted from its own rows. */
async function soldByOrders(): Promise<number> {
  const [{ count }] = await subgraphDatabase(platform, 'orders').system((manager) =>
    manager.query(
      `SELECT count(*)::int AS count FROM orders.orders
        WHERE tenant_id = $1 AND status = 'COMPLETED' AND placed_at >= $2::date AND placed_at < $3::date + 1`,
      [demo.id, HISTORY.from, HISTORY.to],
    ),
  );
  return count as number;
}

const historyKpis = async (): Promise<NonNullable<KpisQuery['kpis']>> =>
  (await manager.request(KpisDocument, { range: HISTORY })).kpis!;

const feedUrl = (source: string, query = '') => {
  const subgraph = platform.subgraphs.find((candidate) => candidate.name === source)!;
  return new URL(`/internal/events${query}`, subgraph.url);
};

describe('catching up on the sources’ outboxes', () => {
  it('brings the demo history, which the bus never delivered to analytics, into kpis', async () => {
    const sold = await soldByOrders();
    expect(sold).toBeGreaterThan(100);
    await expect.poll(async () => (await historyKpis()).orders.value, { timeout: 60_000, interval: 250 }).toBe(sold);
  });

  it("rebuilds the same figures from the outboxes, however often it runs, the tenant's time zone too", async () => {
    const analytics = subgraphDatabase(platform, 'analytics');
    const owner = await signIn('OWNER');
    const zoneOf = async () =>
      (
        await analytics.system((db) =>
          db.query(`SELECT timezone FROM analytics.tenants WHERE tenant_id = $1`, [demo.id]),
        )
      )[0]?.timezone;
    const setZone = async (timeZone: string) => {
      await owner.request(SetTenantTimeZoneDocument, { input: { timeZone } });
      await eventually(async () => expect(await zoneOf()).toBe(timeZone));
    };
    const inUtc = await historyKpis();
    await setZone('Asia/Kolkata');
    const before = await historyKpis();
    expect(before.timeZone).toBe('Asia/Kolkata');

    const sources = EVENT_SOURCES.map((name) => databaseEventSource(name, subgraphDatabase(platform, name)));
    const reads: number[] = [];
    await backfillAnalytics(analytics, sources, { tenantId: demo.id, onProgress: (p) => reads.push(p.read) });
    await backfillAnalytics(analytics, sources, { tenantId: demo.id });
    const after = await historyKpis();
    expect(reads.length).toBeGreaterThan(0);
    expect(await zoneOf()).toBe('Asia/Kolkata');
    expect({ ...after, computedAt: null }).toEqual({ ...before, computedAt: null });

    await setZone('UTC');
    expect({ ...(await historyKpis()), computedAt: null }).toEqual({ ...inUtc, computedAt: null });
    await owner.dispose();
  });
});

describe('payment mix', () => {
  let menu: MenuFixture;
  let customer: GoCoffeeClient;
  let barista: GoCoffeeClient;

  beforeAll(async () => {
    menu = await createMenuFixture(subgraphDatabase(platform, 'orders'), demo.id);
    const owner = await signIn('OWNER');
    await owner.request(UpdateStoreDocument, {
      input: { storeId: store.id, openingHours: ALL_DAY },
    });
    await owner.dispose();
    [customer, barista] = await Promise.all([signIn('CUSTOMER'), signIn('BARISTA')]);
  });
  afterAll(async () => {
    await Promise.all([customer, barista].map((client) => client?.dispose()));
  });

  it('shows what was taken in cash and given back today, beside nothing yesterday', async () => {
    const { placeOrder } = await customer.request(PlaceOrderDocument, {
      input: {
        storeId: store.id,
        idempotencyKey: 'mix-order',
        lines: [
          { productId: menu.latte.id, variantId: menu.latte.small, quantity: 2, modifierOptionIds: [menu.milk.oat] },
        ],
      },
    });
    expect(placeOrder.errors).toEqual([]);
    // Payments hears of the order through its events; with Redis Streams that takes a moment.
    let attempt = 0;
    const pay = () =>
      barista.request(RecordInStorePaymentDocument, {
        input: { orderId: placeOrder.order!.id, method: 'CASH', idempotencyKey: `mix-pay-${++attempt}` },
      });
    let { recordInStorePayment } = await pay();
    while (recordInStorePayment.errors[0]?.code === 'ORDER_NOT_FOUND') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ({ recordInStorePayment } = await pay());
    }
    expect(recordInStorePayment.errors).toEqual([]);
    const owner = await signIn('OWNER');
    const { refundPayment } = await owner.request(RefundPaymentDocument, {
      input: { paymentId: recordInStorePayment.payment!.id, amount: 100, idempotencyKey: 'mix-refund' },
    });
    await owner.dispose();
    expect(refundPayment.errors).toEqual([]);

    const total = placeOrder.order!.total;
    const mix = async () => {
      const { kpis } = await manager.request(KpisDocument, {
        range: { from: today, to: today },
        storeId: store.id,
        timeZone: 'UTC',
      });
      return kpis!.paymentMix;
    };
    await expect.poll(mix, { timeout: 10_000 }).toEqual([
      {
        provider: 'IN_STORE',
        method: 'CASH',
        collected: [{ currency: total.currency, value: { amount: total.amount }, previous: { amount: 0 } }],
        refunded: [{ currency: total.currency, value: { amount: 100 } }],
        payments: { value: 1, previous: 0 },
        share: { value: 1, previous: null },
      },
    ]);
  });
});

describe('the /internal/events route', () => {
  const eventsKey = () => loadKeys(platform.config).events!.privateKey!;

  it('refuses a call without a token, with another key’s, with one for another source, or with the gateway’s', async () => {
    const strangerKey = createPrivateKey(generateKeyPairPem().privateKey);
    const gatewayKey = loadKeys(platform.config).internal!.privateKey!;
    const attempts: Record<string, string>[] = [
      {},
      { [EVENT_FEED_TOKEN_HEADER]: await signEventFeedToken('analytics', 'orders', strangerKey) },
      { [EVENT_FEED_TOKEN_HEADER]: await signEventFeedToken('analytics', 'payments', eventsKey()) },
      {
        [INTERNAL_TOKEN_HEADER]: await signInternalToken(
          { kind: 'user', userId: null, tenantId: demo.id, roles: ['OWNER'], scopes: [], tier: null },
          'orders',
          gatewayKey,
        ),
      },
    ];
    for (const headers of attempts) {
      const response = await fetch(feedUrl('orders', '?limit=5'), { headers });
      expect(response.status).toBe(401);
      expect(JSON.stringify(await response.json())).not.toContain('payload');
    }
  });

  it('serves the outbox in order, page after page, to a holder of the events key', async () => {
    const headers = { [EVENT_FEED_TOKEN_HEADER]: await signEventFeedToken('analytics', 'orders', eventsKey()) };
    const first = (await (await fetch(feedUrl('orders', '?limit=3'), { headers })).json()) as EventPage;
    const second = (await (
      await fetch(feedUrl('orders', `?limit=3&after=${first.next}`), { headers })
    ).json()) as EventPage;
    const times = [...first.events, ...second.events].map((event) => event.occurredAt);
    expect(first.total).toBeGreaterThan(6);
    expect(times).toHaveLength(6);
    expect(times).toEqual([...times].sort());
    expect(new Set([...first.events, ...second.events].map((event) => event.id)).size).toBe(6);
  });

  it("serves the tenant service's outbox as well: its tenants' time zone changes", async () => {
    const headers = { [EVENT_FEED_TOKEN_HEADER]: await signEventFeedToken('analytics', 'tenant', eventsKey()) };
    const response = await fetch(feedUrl('tenant', `?limit=1000&tenant=${demo.id}`), { headers });
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as EventPage;
    expect(events.filter((event) => event.type === 'TenantTimeZoneChanged').map((event) => event.payload)).toEqual([
      { tenantId: demo.id, timeZone: 'Asia/Kolkata' },
      { tenantId: demo.id, timeZone: 'UTC' },
    ]);
    const forOrders = { [EVENT_FEED_TOKEN_HEADER]: await signEventFeedToken('analytics', 'orders', eventsKey()) };
    expect((await fetch(feedUrl('tenant', '?limit=5'), { headers: forOrders })).status).toBe(401);
  });

  it('answers a malformed position or page size with a clear 400', async () => {
    const headers = { [EVENT_FEED_TOKEN_HEADER]: await signEventFeedToken('analytics', 'orders', eventsKey()) };
    for (const query of ['?after=yesterday', '?limit=0', '?limit=100000', '?tenant=nobody']) {
      const response = await fetch(feedUrl('orders', query), { headers });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
    }
  });

  it('is not reachable through the gateway', async () => {
    const headers = { [EVENT_FEED_TOKEN_HEADER]: await signEventFeedToken('analytics', 'orders', eventsKey()) };
    const response = await fetch(new URL('/internal/events?limit=5', platform.gatewayUrl), { headers });
    expect(response.status).toBe(404);
  });
});
