import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANTS } from '../common/demo.ts';
import type { Database } from '../common/database/database.ts';
import { OutboxEventEntity } from '../common/events/outbox.ts';
import { IngredientEntity, RecipeComponentEntity, StockLevelEntity } from '../subgraphs/orders/ingredient.entity.ts';
import type { InventoryLowPayload } from '../subgraphs/orders/inventory.events.ts';
import { inventoryService, type StockItem } from '../subgraphs/orders/inventory.service.ts';
import { insertMenuItem } from './support/menu-fixtures.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

const demo = DEMO_TENANTS[0]!;
const [store, otherStore] = demo.stores as [(typeof demo.stores)[0], (typeof demo.stores)[0]];

let platform: TestPlatform;
let database: Database;
beforeAll(async () => {
  platform = await startTestPlatform();
  database = subgraphDatabase(platform, 'orders');
});
afterAll(() => platform?.stop());

/** Work in one transaction of the demo tenant, as the ordering code runs it. */
const inTenant = <T>(work: (manager: EntityManager) => Promise<T>) => database.transaction(demo.id, work);
const consume = (storeId: string, items: StockItem[]) =>
  inTenant((manager) => inventoryService.consume(manager, storeId, items));
const restore = (storeId: string, items: StockItem[]) =>
  inTenant((manager) => inventoryService.restore(manager, storeId, items));

/**
 * A latte in two sizes with two extras, over fresh ingredients: Small uses 150 milk, 18 beans and a
 * cup; Large 250 milk, 18 beans and a cup; Oat milk adds 150 oat; Extra shot adds 9 beans.
 */
async function latte() {
  const item = await insertMenuItem(database, demo.id, {
    variants: ['Small', 'Large'],
    options: ['Oat milk', 'Extra shot'],
  });
  const [small, large] = item.variantIds as [string, string];
  const [oatMilk, extraShot] = item.optionIds as [string, string];
  return inTenant(async (manager) => {
    const ingredient = async (name: string, unit: string) =>
      (await manager.getRepository(IngredientEntity).save({ tenantId: demo.id, name: `${name} ${randomUUID()}`, unit }))
        .id;
    const milk = await ingredient('Milk', 'ml');
    const beans = await ingredient('Beans', 'g');
    const oat = await ingredient('Oat drink', 'ml');
    const cups = await ingredient('Cups', 'piece');
    const recipe = (owner: { variantId: string } | { modifierOptionId: string }, uses: [string, number][]) =>
      manager
        .getRepository(RecipeComponentEntity)
        .insert(uses.map(([ingredientId, quantity]) => ({ tenantId: demo.id, ...owner, ingredientId, quantity })));
    await recipe({ variantId: small }, [
      [milk, 150],
      [beans, 18],
      [cups, 1],
    ]);
    await recipe({ variantId: large }, [
      [milk, 250],
      [beans, 18],
      [cups, 1],
    ]);
    await recipe({ modifierOptionId: oatMilk }, [[oat, 150]]);
    await recipe({ modifierOptionId: extraShot }, [[beans, 9]]);
    return { small, large, oatMilk, extraShot, milk, beans, oat, cups };
  });
}

const stock = (storeId: string, ingredientId: string, quantity: number, lowStockThreshold = 0) =>
  inTenant((manager) =>
    manager
      .getRepository(StockLevelEntity)
      .save({ tenantId: demo.id, storeId, ingredientId, quantity, lowStockThreshold }),
  );

const stockOf = async (storeId: string, ingredientId: string) =>
  (await inTenant((manager) => manager.getRepository(StockLevelEntity).findOneBy({ storeId, ingredientId })))
    ?.quantity ?? null;

const lowEventsFor = async (ingredientId: string) =>
  (
    await database.system((manager) =>
      manager.getRepository(OutboxEventEntity).find({ where: { type: 'InventoryLow' }, order: { occurredAt: 'ASC' } }),
    )
  ).filter((event) => (event.payload as InventoryLowPayload).ingredientId === ingredientId);

describe('consume', () => {
  it("takes what every line needs: the variant's recipe and each chosen option's, times the quantity", async () => {
    const kitchen = await latte();
    await stock(store.id, kitchen.milk, 1000);
    await stock(store.id, kitchen.beans, 500);
    await stock(store.id, kitchen.oat, 400);
    await stock(otherStore.id, kitchen.milk, 1000);

    const result = await consume(store.id, [
      { variantId: kitchen.small, modifierOptionIds: [kitchen.oatMilk, kitchen.extraShot], quantity: 2 },
      { variantId: kitchen.large, modifierOptionIds: [], quantity: 1 },
    ]);

    expect(result.shortages).toEqual([]);
    expect(await stockOf(store.id, kitchen.milk)).toBe(1000 - 2 * 150 - 250);
    expect(await stockOf(store.id, kitchen.beans)).toBe(500 - 2 * 18 - 2 * 9 - 18);
    expect(await stockOf(store.id, kitchen.oat)).toBe(400 - 2 * 150);
    expect(await stockOf(otherStore.id, kitchen.milk)).toBe(1000);
  });

  it('takes nothing when any ingredient is short, and names every shortage', async () => {
    const kitchen = await latte();
    await stock(store.id, kitchen.milk, 1000);
    await stock(store.id, kitchen.beans, 30);
    await stock(store.id, kitchen.oat, 100);

    const result = await consume(store.id, [
      { variantId: kitchen.small, modifierOptionIds: [kitchen.oatMilk], quantity: 2 },
    ]);

    expect(result.shortages).toEqual([
      { ingredientId: kitchen.beans, name: expect.stringMatching(/^Beans/), needed: 36, available: 30 },
      { ingredientId: kitchen.oat, name: expect.stringMatching(/^Oat drink/), needed: 300, available: 100 },
    ]);
    expect(await stockOf(store.id, kitchen.milk)).toBe(1000);
    expect(await stockOf(store.id, kitchen.beans)).toBe(30);
    expect(await stockOf(store.id, kitchen.oat)).toBe(100);
  });

  it('lets exactly 7 of 20 orders racing for the last 136 g of beans through, and never goes below zero', async () => {
    const kitchen = await latte();
    await stock(store.id, kitchen.beans, 7 * 18 + 10);
    await stock(store.id, kitchen.milk, 100_000);
    const order: StockItem = { variantId: kitchen.small, modifierOptionIds: [], quantity: 1 };

    const results = await Promise.allSettled(Array.from({ length: 20 }, () => consume(store.id, [order])));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const outcomes = results.map((result) => (result as PromiseFulfilledResult<{ shortages: unknown[] }>).value);
    expect(outcomes.filter((outcome) => outcome.shortages.length === 0)).toHaveLength(7);
    expect(outcomes.filter((outcome) => outcome.shortages.length === 1)).toHaveLength(13);
    expect(await stockOf(store.id, kitchen.beans)).toBe(10);
    expect(await stockOf(store.id, kitchen.milk)).toBe(100_000 - 7 * 150);
  });

  it('is undone with the transaction it ran in', async () => {
    const kitchen = await latte();
    await stock(store.id, kitchen.milk, 1000, 900);
    const rolledBack = inTenant(async (manager) => {
      await inventoryService.consume(manager, store.id, [
        { variantId: kitchen.large, modifierOptionIds: [], quantity: 1 },
      ]);
      throw new Error('the order could not be accepted after all');
    });
    await expect(rolledBack).rejects.toThrow('could not be accepted');
    expect(await stockOf(store.id, kitchen.milk)).toBe(1000);
    expect(await lowEventsFor(kitchen.milk)).toEqual([]);
  });

  it('is never limited by an ingredient the store does not track', async () => {
    const kitchen = await latte();
    await stock(store.id, kitchen.milk, 250);

    const result = await consume(store.id, [
      { variantId: kitchen.large, modifierOptionIds: [kitchen.oatMilk, kitchen.extraShot], quantity: 1 },
    ]);

    expect(result.shortages).toEqual([]);
    expect(await stockOf(store.id, kitchen.milk)).toBe(0);
    expect(await stockOf(store.id, kitchen.beans)).toBeNull();
    expect(await stockOf(store.id, kitchen.oat)).toBeNull();
    const untracked = await consume(otherStore.id, [
      { variantId: kitchen.large, modifierOptionIds: [kitchen.oatMilk], quantity: 99 },
    ]);
    expect(untracked.shortages).toEqual([]);
  });
});

describe('restore', () => {
  it('gives back everything consume took for the same items', async () => {
    const kitchen = await latte();
    await stock(store.id, kitchen.milk, 1000);
    await stock(store.id, kitchen.beans, 500);
    await stock(store.id, kitchen.oat, 400);
    const items: StockItem[] = [
      { variantId: kitchen.small, modifierOptionIds: [kitchen.oatMilk, kitchen.extraShot], quantity: 2 },
      { variantId: kitchen.large, modifierOptionIds: [], quantity: 1 },
    ];
    await consume(store.id, items);
    expect(await stockOf(store.id, kitchen.milk)).toBe(450);

    await restore(store.id, items);

    expect(await stockOf(store.id, kitchen.milk)).toBe(1000);
    expect(await stockOf(store.id, kitchen.beans)).toBe(500);
    expect(await stockOf(store.id, kitchen.oat)).toBe(400);
    expect(await stockOf(store.id, kitchen.cups)).toBeNull();
  });
});

describe('unavailableVariants', () => {
  it('names the variants of which a tracked ingredient has less than one item needs', async () => {
    const kitchen = await latte();
    const plain = await insertMenuItem(database, demo.id);
    await stock(store.id, kitchen.milk, 200);
    await stock(store.id, kitchen.beans, 18);
    const ids = [kitchen.small, kitchen.large, plain.variantIds[0]!, randomUUID()];

    const unavailable = await inTenant((manager) => inventoryService.unavailableVariants(manager, store.id, ids));

    expect([...unavailable]).toEqual([kitchen.large]);
    const elsewhere = await inTenant((manager) => inventoryService.unavailableVariants(manager, otherStore.id, ids));
    expect([...elsewhere]).toEqual([]);
  });
});

describe('InventoryLow', () => {
  it('is recorded exactly when a level falls to or below its threshold', async () => {
    const kitchen = await latte();
    await stock(store.id, kitchen.milk, 800, 500);
    const small = (quantity: number): StockItem[] => [{ variantId: kitchen.small, modifierOptionIds: [], quantity }];

    await consume(store.id, small(1)); // 650: above the threshold
    expect(await lowEventsFor(kitchen.milk)).toHaveLength(0);
    await consume(store.id, small(1)); // 500: at the threshold
    await consume(store.id, small(1)); // 350: already low
    expect((await consume(store.id, small(3))).shortages).toHaveLength(1); // short: nothing changes
    await restore(store.id, small(3)); // 800: above it again
    await consume(store.id, small(3)); // 350: low again

    const events = await lowEventsFor(kitchen.milk);
    expect(events.map((event) => event.payload)).toEqual([
      {
        storeId: store.id,
        ingredientId: kitchen.milk,
        ingredientName: expect.stringMatching(/^Milk/),
        quantity: 500,
        threshold: 500,
      },
      {
        storeId: store.id,
        ingredientId: kitchen.milk,
        ingredientName: expect.stringMatching(/^Milk/),
        quantity: 350,
        threshold: 500,
      },
    ]);
    expect(events.every((event) => event.tenantId === demo.id && event.source === 'orders')).toBe(true);
  });
});
