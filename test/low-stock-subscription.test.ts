import { print, type ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LowStockDocument, MeDocument, type LowStockSubscription } from '../client-sdk/index.ts';
import { DEMO_TENANTS, type DemoTenant } from '../common/demo.ts';
import type { Database } from '../common/database/database.ts';
import type { Identity, Role } from '../common/identity/identity.ts';
import { IngredientEntity, RecipeComponentEntity, StockLevelEntity } from '../subgraphs/orders/ingredient.entity.ts';
import { inventoryService } from '../subgraphs/orders/inventory.service.ts';
import { insertMenuItem } from './support/menu-fixtures.ts';
import { subgraphDatabase, subgraphSocketAs } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

const [demo, rival] = DEMO_TENANTS as [DemoTenant, DemoTenant];
const store = demo.stores[0]!;

let platform: TestPlatform;
let database: Database;
beforeAll(async () => {
  platform = await startTestPlatform();
  database = subgraphDatabase(platform, 'orders');
});
afterAll(() => platform?.stop());

const sockets: Client[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) await socket.dispose();
});

/** The identity the gateway would sign for this demo user. */
async function identityOf(tenant: DemoTenant, role: Role): Promise<Identity> {
  const { me } = await (await signInAs(platform.gatewayUrl, tenant, role)).request(MeDocument);
  return { kind: 'user', userId: me!.id, tenantId: tenant.id, roles: [role], scopes: [], tier: tenant.plan.tier };
}

function subscribeToLowStock(identity: Identity, storeId: string) {
  const socket = subgraphSocketAs(platform, 'orders', identity);
  sockets.push(socket);
  return socket.iterate<LowStockSubscription>({ query: print(LowStockDocument), variables: { storeId } });
}

/**
 * Ingredients stocked at 10 with a threshold of 5, each the whole recipe of its own variant, which
 * uses 6: one item of a variant takes its ingredient from above the threshold to 4.
 */
async function ingredientsAboutToRunLow(count: number) {
  const item = await insertMenuItem(database, demo.id, {
    variants: Array.from({ length: count }, (_, index) => `Size ${index}`),
  });
  return database.transaction(demo.id, async (manager) => {
    const pairs: { variantId: string; ingredientId: string; name: string }[] = [];
    for (const variantId of item.variantIds) {
      const name = `Milk ${randomUUID()}`;
      const { id } = await manager.getRepository(IngredientEntity).save({ tenantId: demo.id, name, unit: 'ml' });
      await manager
        .getRepository(RecipeComponentEntity)
        .insert({ tenantId: demo.id, variantId, ingredientId: id, quantity: 6 });
      await manager
        .getRepository(StockLevelEntity)
        .insert({ tenantId: demo.id, storeId: store.id, ingredientId: id, quantity: 10, lowStockThreshold: 5 });
      pairs.push({ variantId, ingredientId: id, name });
    }
    return pairs;
  });
}

const codesOf = (result: ExecutionResult | undefined) => result?.errors?.map((error) => error.extensions?.code);

describe('the lowStock subscription, straight at the orders subgraph', () => {
  it('tells a manager of the store when an order takes an ingredient to its threshold, with the level as it is', async () => {
    const manager = await identityOf(demo, 'MANAGER');
    const pairs = await ingredientsAboutToRunLow(5);
    const events = subscribeToLowStock(manager, store.id);
    const first = events.next();

    // The subscription goes live a moment after it is sent, with no signal to the client: take one
    // more ingredient low per attempt until the first message arrives; any of them is the right answer.
    const consumed: typeof pairs = [];
    for (const pair of pairs) {
      await database.transaction(demo.id, (tx) =>
        inventoryService.consume(tx, store.id, [{ variantId: pair.variantId, modifierOptionIds: [], quantity: 1 }]),
      );
      consumed.push(pair);
      if (await Promise.race([first.then(() => true), delay(1_000).then(() => false)])) break;
    }
    const { value } = await first;

    expect(value.errors).toBeUndefined();
    const level = value.data!.lowStock;
    expect(level).toMatchObject({ store: { id: store.id }, quantity: 4, lowStockThreshold: 5, low: true });
    const pair = consumed.find((candidate) => candidate.ingredientId === level.ingredient.id);
    expect(pair).toBeDefined();
    expect(level.ingredient).toEqual({ id: pair!.ingredientId, name: pair!.name, unit: 'ml' });
  });

  it('answers a subscriber of another tenant asking for this store with NOT_FOUND, never its levels', async () => {
    const outsider = await identityOf(rival, 'MANAGER');
    const events = subscribeToLowStock(outsider, store.id);

    const first = await events.next();

    expect(codesOf(first.value)).toEqual(['NOT_FOUND']);
    expect(first.value?.data ?? null).toBeNull();
    expect((await events.next()).done).toBe(true);
  });

  it('answers a store that does not exist with NOT_FOUND', async () => {
    const manager = await identityOf(demo, 'MANAGER');
    for (const storeId of [randomUUID(), 'not-a-store']) {
      const first = await subscribeToLowStock(manager, storeId).next();
      expect(codesOf(first.value)).toEqual(['NOT_FOUND']);
    }
  });

  it('refuses a barista with FORBIDDEN', async () => {
    const barista = await identityOf(demo, 'BARISTA');
    const first = await subscribeToLowStock(barista, store.id).next();
    expect(codesOf(first.value)).toEqual(['FORBIDDEN']);
  });
});
