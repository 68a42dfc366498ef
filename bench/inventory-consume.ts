/**
 * Accepted orders per second through inventoryService.consume, each in its own tenant transaction as
 * the ordering code runs it: every order at one store (all queue for the same locked stock rows), and
 * orders spread over 8 stores; the median of 5 rounds of each, after one round to warm up.
 * `npx tsx bench/inventory-consume.ts [orders] [concurrency]`, on embedded PGlite, or on PostgreSQL
 * with TEST_DATABASE_URL set (a fresh database is made and dropped).
 */
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '../common/database/database.ts';
import { KIT_ENTITIES } from '../common/service/kit-entities.ts';
import { IngredientEntity, RecipeComponentEntity, StockLevelEntity } from '../subgraphs/orders/ingredient.entity.ts';
import { inventoryService } from '../subgraphs/orders/inventory.service.ts';
import { ProductEntity, ProductVariantEntity } from '../subgraphs/orders/product.entity.ts';
import { ordersSubgraph } from '../subgraphs/orders/server.ts';
import { StoreEntity } from '../subgraphs/orders/store.entity.ts';
import { createTestDatabase, testServices } from '../test/support/test-services.ts';

const orders = Number(process.argv[2] ?? 400);
const concurrency = Number(process.argv[3] ?? 10);
const tenantId = randomUUID();

/** A latte whose recipe uses three tracked ingredients, stocked for every order at every store. */
async function arrange(database: Database, storeCount: number) {
  return database.transaction(tenantId, async (manager) => {
    const stores = await manager.getRepository(StoreEntity).save(
      Array.from({ length: storeCount }, (_, index) => ({
        tenantId,
        name: `Store ${index}`,
        timezone: 'Europe/London',
        currency: 'GBP',
      })),
    );
    const product = await manager.getRepository(ProductEntity).save({ tenantId, name: 'Latte' });
    const variant = await manager
      .getRepository(ProductVariantEntity)
      .save({ tenantId, productId: product.id, name: 'Regular', prices: { GBP: 350 } });
    const ingredients = await manager
      .getRepository(IngredientEntity)
      .save(['Milk', 'Beans', 'Cups'].map((name) => ({ tenantId, name: `${name} ${randomUUID()}`, unit: 'g' })));
    await manager.getRepository(RecipeComponentEntity).insert(
      ingredients.map((ingredient) => ({
        tenantId,
        variantId: variant.id,
        ingredientId: ingredient.id,
        quantity: 1,
      })),
    );
    await manager.getRepository(StockLevelEntity).insert(
      stores.flatMap((store) =>
        ingredients.map((ingredient) => ({
          tenantId,
          storeId: store.id,
          ingredientId: ingredient.id,
          quantity: orders,
        })),
      ),
    );
    return { storeIds: stores.map((store) => store.id), variantId: variant.id };
  });
}

async function ordersPerSecond(database: Database, storeCount: number): Promise<number> {
  const { storeIds, variantId } = await arrange(database, storeCount);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < orders) {
        const storeId = storeIds[next++ % storeIds.length]!;
        const { shortages } = await database.transaction(tenantId, (manager) =>
          inventoryService.consume(manager, storeId, [{ variantId, modifierOptionIds: [], quantity: 1 }]),
        );
        if (shortages.length > 0) throw new Error('the stock was arranged for every order');
      }
    }),
  );
  return orders / ((performance.now() - started) / 1000);
}

const testDatabase = await createTestDatabase(concurrency);
const database = await openDatabase(testDatabase.connection, {
  ...ordersSubgraph.database,
  entities: [...ordersSubgraph.database.entities, ...KIT_ENTITIES],
});
try {
  const where = testServices.databaseUrl ? 'PostgreSQL' : 'embedded PGlite';
  await ordersPerSecond(database, 8);
  const rates = new Map<number, number[]>([
    [1, []],
    [8, []],
  ]);
  for (let round = 0; round < 5; round++) {
    for (const [storeCount, measured] of rates) measured.push(await ordersPerSecond(database, storeCount));
  }
  for (const [storeCount, measured] of rates) {
    const sorted = measured.sort((a, b) => a - b);
    console.log(
      `${where}, ${orders} orders, ${concurrency} at a time, ${storeCount} store(s): median ${sorted[2]!.toFixed(0)} orders/s (min ${sorted[0]!.toFixed(0)}, max ${sorted[4]!.toFixed(0)})`,
    );
  }
} finally {
  await database.close();
  await testDatabase.drop();
}
