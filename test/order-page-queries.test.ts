import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersDocument, PlaceOrderDocument, UpdateStoreDocument } from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { createMenuFixture } from './support/menu-fixtures.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
const demo = DEMO_TENANTS[0]!;
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

/**
 * Counts the queries the orders subgraph runs while `work` runs: reads and writes of its tables,
 * leaving out transaction control, the tenant setting and the outbox relay's polling.
 */
async function countStatements(work: () => Promise<unknown>): Promise<number> {
  const logger = subgraphDatabase(platform, 'orders').dataSource.logger;
  const original = logger.logQuery.bind(logger);
  let statements = 0;
  logger.logQuery = (...args) => {
    const sql = String(args[0]);
    if (/^(SELECT|INSERT|UPDATE|DELETE)\b/.test(sql) && !/set_config|outbox_events/.test(sql)) statements += 1;
    return original(...args);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return statements;
}

describe('a page of orders', () => {
  it('loads 50 orders with their lines, products and stores in a fixed, small number of statements', async () => {
    const menu = await createMenuFixture(subgraphDatabase(platform, 'orders'), demo.id);
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    for (const store of demo.stores) {
      await owner.request(UpdateStoreDocument, { input: { storeId: store.id, openingHours: ALL_DAY } });
    }
    const place = (index: number) =>
      owner.request(PlaceOrderDocument, {
        input: {
          storeId: demo.stores[index % demo.stores.length]!.id,
          idempotencyKey: `page-${index}`,
          lines: [
            { productId: menu.latte.id, variantId: menu.latte.small, quantity: 1, modifierOptionIds: [menu.milk.oat] },
            { productId: menu.croissant.id, variantId: menu.croissant.single, quantity: 2 },
          ],
        },
      });
    for (let index = 0; index < 50; index += 1) await place(index);

    const pageOf = (first: number) =>
      countStatements(async () => {
        const { orders } = await owner.request(OrdersDocument, { first });
        expect(orders.edges).toHaveLength(first);
        expect(orders.edges.every((edge) => edge.node.lines.length === 2 && edge.node.store.name)).toBe(true);
      });
    const fifty = await pageOf(50);
    const five = await pageOf(5);
    expect(fifty).toBe(five);
    // The page and its count, the kitchen's queue and pace, stores, lines, products.
    expect(fifty).toBe(7);
  });
});
