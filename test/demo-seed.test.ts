import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreMenuDocument } from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { minorUnitDigits } from '../common/money/money.ts';
import { seedOrdersDemo } from '../subgraphs/orders/seed.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ DEMO_HISTORY_DAYS: '90' });
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const [seattle, london, tokyo] = demo.stores as [
  (typeof demo.stores)[0],
  (typeof demo.stores)[0],
  (typeof demo.stores)[0],
];
const orders = () => subgraphDatabase(platform, 'orders');

async function rowsOf<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
  return orders().system((manager) => manager.query(sql, parameters));
}

describe('the demo menu', () => {
  it('gives the Tokyo store a menu in whole yen', async () => {
    const customer = await signInAs(platform.gatewayUrl, demo, 'CUSTOMER');
    const { menu } = await customer.request(StoreMenuDocument, { storeId: tokyo.id });
    const prices = menu!.flatMap((item) => item.variants.flatMap((variant) => (variant.price ? [variant.price] : [])));
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(menu!.length).toBeGreaterThan(20);
    expect(menu!.every((item) => item.available)).toBe(true);
    expect(prices).toHaveLength(menu!.flatMap((item) => item.variants).length);
    for (const price of prices) {
      expect(price.currency).toBe('JPY');
      expect(Number.isInteger(price.amount) && price.amount % 10 === 0 && price.amount >= 300).toBe(true);
    }
    const latte = menu!.find((item) => item.product.name === 'Caffè Latte')!;
    expect(latte.variants.map((variant) => [variant.variant.name, variant.price?.amount])).toEqual([
      ['Small', 480],
      ['Medium', 530],
      ['Large', 580],
    ]);
    expect(latte.product.modifierGroups.map((group) => group.name)).toEqual(['Milk', 'Extra shots', 'Syrups', 'Decaf']);
  });

  it("shows each store's own terms: matcha for less in Tokyo, no pour-over in Seattle, no nitro in London", async () => {
    const customer = await signInAs(platform.gatewayUrl, demo, 'CUSTOMER');
    const item = async (storeId: string, name: string) =>
      (await customer.request(StoreMenuDocument, { storeId })).menu!.find(
        (candidate) => candidate.product.name === name,
      )!;
    expect((await item(tokyo.id, 'Matcha Latte')).variants.map((variant) => variant.price?.amount)).toEqual([
      480, 530, 580,
    ]);
    expect((await item(london.id, 'Matcha Latte')).variants.map((variant) => variant.price?.amount)).toEqual([
      390, 430, 470,
    ]);
    expect((await item(seattle.id, 'Pour Over')).available).toBe(false);
    expect((await item(london.id, 'Pour Over')).available).toBe(true);
    expect(await item(london.id, 'Nitro Cold Brew')).toMatchObject({ available: false, variants: [{ price: null }] });
    expect((await item(tokyo.id, 'Nitro Cold Brew')).available).toBe(true);
  });

  it("sets each store's tax and opening hours as its city has them", async () => {
    const stores = await rowsOf<{
      id: string;
      tax_rate_bps: number;
      prices_include_tax: boolean;
      opening_hours: unknown[];
    }>('SELECT id, tax_rate_bps, prices_include_tax, opening_hours FROM orders.stores');
    const byId = new Map(stores.map((store) => [store.id, store]));
    expect(byId.get(seattle.id)).toMatchObject({ tax_rate_bps: 1035, prices_include_tax: false });
    expect(byId.get(london.id)).toMatchObject({ tax_rate_bps: 2000, prices_include_tax: true });
    expect(byId.get(tokyo.id)).toMatchObject({ tax_rate_bps: 1000, prices_include_tax: true });
    expect(byId.get(rival.stores[0]!.id)).toMatchObject({ tax_rate_bps: 1900, prices_include_tax: true });
    const hours = new Set(stores.map((store) => JSON.stringify(store.opening_hours)));
    expect(hours.size).toBe(stores.length);
    expect(byId.get(rival.stores[0]!.id)!.opening_hours).toHaveLength(6);
  });
});

describe('the demo order history', () => {
  it("has orders on every one of the 90 days before today at each of the demo tenant's stores", async () => {
    for (const store of demo.stores) {
      const [row] = await rowsOf<{ days: number; first: string; last: string; future: number }>(
        `SELECT count(DISTINCT (placed_at AT TIME ZONE $2)::date)::int AS days,
                min((placed_at AT TIME ZONE $2)::date)::text AS first,
                max((placed_at AT TIME ZONE $2)::date)::text AS last,
                count(*) FILTER (WHERE coalesce(completed_at, cancelled_at) >= now())::int AS future
           FROM orders.orders WHERE store_id = $1`,
        [store.id, store.timezone],
      );
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: store.timezone }).format(new Date());
      const daysBefore = (days: number) =>
        new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
      expect(row).toEqual({ days: 90, first: daysBefore(90), last: daysBefore(1), future: 0 });
    }
  });

  it('holds completed orders and a few cancelled ones, by customers of the tenant and walk-ins', async () => {
    const statuses = await rowsOf<{ status: string; orders: number }>(
      'SELECT status, count(*)::int AS orders FROM orders.orders GROUP BY status ORDER BY status',
    );
    const count = (status: string) => statuses.find((row) => row.status === status)?.orders ?? 0;
    expect(statuses.map((row) => row.status)).toEqual(['CANCELLED', 'COMPLETED']);
    expect(count('CANCELLED') / count('COMPLETED')).toBeGreaterThan(0.005);
    expect(count('CANCELLED') / count('COMPLETED')).toBeLessThan(0.03);

    const customerIds = (
      await rowsOf<{ customer_id: string }>(
        'SELECT DISTINCT customer_id FROM orders.orders WHERE customer_id IS NOT NULL',
      )
    ).map((row) => row.customer_id);
    expect(customerIds.length).toBeGreaterThan(200);
    const members = await subgraphDatabase(platform, 'tenant').system(
      (manager) =>
        manager.query(
          `SELECT count(*)::int AS n FROM tenant.memberships WHERE tenant_id = $1 AND role = 'CUSTOMER' AND user_id = ANY($2::uuid[])`,
          [demo.id, customerIds],
        ) as Promise<{ n: number }[]>,
    );
    expect(members[0]!.n).toBe(customerIds.length);
    const [walkIns] = await rowsOf<{ n: number }>(
      'SELECT count(*)::int AS n FROM orders.orders WHERE customer_id IS NULL',
    );
    expect(walkIns!.n).toBeGreaterThan(0);
  });

  it('records an OrderPlaced event with the lines and totals of each order, and each change of status', async () => {
    const [order] = await rowsOf<{ id: string; subtotal: number; tax: number; total: number; lines: number }>(
      `SELECT o.id, o.subtotal, o.tax, o.total, (SELECT count(*)::int FROM orders.order_lines l WHERE l.order_id = o.id) AS lines
         FROM orders.orders o WHERE o.store_id = $1 AND o.status = 'COMPLETED' ORDER BY o.placed_at LIMIT 1`,
      [seattle.id],
    );
    const events = await rowsOf<{ type: string; payload: Record<string, any> }>(
      `SELECT type, payload FROM orders.outbox_events WHERE aggregate_id = $1 ORDER BY occurred_at, type`,
      [order!.id],
    );
    expect(events.map((event) => event.payload.to ?? event.type)).toEqual([
      'OrderPlaced',
      'ACCEPTED',
      'PREPARING',
      'READY',
      'COMPLETED',
    ]);
    const placed = events[0]!.payload;
    expect(placed).toMatchObject({
      orderId: order!.id,
      storeId: seattle.id,
      currency: 'USD',
      subtotal: order!.subtotal,
      tax: order!.tax,
      total: order!.total,
    });
    expect(placed.lines).toHaveLength(order!.lines);
    expect(placed.total).toBe(placed.subtotal + placed.tax);
    const [counts] = await rowsOf<{ orders: number; placed: number }>(
      `SELECT (SELECT count(*)::int FROM orders.orders) AS orders,
              (SELECT count(*)::int FROM orders.outbox_events WHERE type = 'OrderPlaced') AS placed`,
    );
    expect(counts!.placed).toBe(counts!.orders);
  });

  it('adds nothing when seeded again', async () => {
    const count = async () =>
      (
        await rowsOf<{ orders: number; products: number; events: number }>(
          `SELECT (SELECT count(*)::int FROM orders.orders) AS orders, (SELECT count(*)::int FROM orders.products) AS products,
                  (SELECT count(*)::int FROM orders.outbox_events WHERE type LIKE 'Order%') AS events`,
        )
      )[0];
    const before = await count();
    await seedOrdersDemo(orders(), { historyDays: 90, logger: pino({ enabled: false }) });
    expect(await count()).toEqual(before);
  });
});
