import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateIngredientDocument,
  CreateStoreDocument,
  IngredientsDocument,
  InventoryDocument,
  RestockDocument,
  SetRecipeDocument,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { RecipeComponentEntity } from '../subgraphs/orders/ingredient.entity.ts';
import { insertMenuItem } from './support/menu-fixtures.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];

let platform: TestPlatform;
let owner: GoCoffeeClient;
let manager: GoCoffeeClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
  manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
});
afterAll(() => platform?.stop());

type Payload = { errors: { code: string; field: string[] | null }[] };
const errorsOf = (payload: Payload) => payload.errors.map((error) => `${error.code} at ${error.field?.join('.')}`);

async function openStore(client: GoCoffeeClient, name: string) {
  const { createStore } = await client.request(CreateStoreDocument, {
    input: { name, timezone: 'Europe/London', currency: 'GBP', idempotencyKey: randomUUID() },
  });
  return createStore.store!;
}

async function createIngredient(client: GoCoffeeClient, name: string, unit = 'g') {
  const { createIngredient } = await client.request(CreateIngredientDocument, {
    input: { name, unit, idempotencyKey: randomUUID() },
  });
  expect(createIngredient.errors).toEqual([]);
  return createIngredient.ingredient!;
}

const recipeRows = (where: { variantId: string } | { modifierOptionId: string }) =>
  subgraphDatabase(platform, 'orders').system((db) =>
    db.getRepository(RecipeComponentEntity).find({ where, order: { ingredientId: 'ASC' } }),
  );

describe('inventory', () => {
  it('a manager creates ingredients, restocks a store and reads what it holds', async () => {
    const store = await openStore(owner, 'Stocked Kiosk');
    const milk = await createIngredient(manager, 'Whole milk', 'ml');
    const beans = await createIngredient(manager, 'Espresso beans', 'g');
    const cups = await createIngredient(manager, 'Paper cups', 'piece');

    const first = await manager.request(RestockDocument, {
      input: {
        idempotencyKey: crypto.randomUUID(),
        storeId: store.id,
        ingredientId: milk.id,
        quantity: 5000,
        lowStockThreshold: 1000,
      },
    });
    expect(first.restock.errors).toEqual([]);
    expect(first.restock.stockLevel).toMatchObject({ quantity: 5000, lowStockThreshold: 1000, low: false });
    await manager.request(RestockDocument, {
      input: { idempotencyKey: crypto.randomUUID(), storeId: store.id, ingredientId: milk.id, quantity: 500 },
    });
    await manager.request(RestockDocument, {
      input: { idempotencyKey: crypto.randomUUID(), storeId: store.id, ingredientId: beans.id, quantity: 2000 },
    });
    await manager.request(RestockDocument, {
      input: {
        idempotencyKey: crypto.randomUUID(),
        storeId: store.id,
        ingredientId: cups.id,
        quantity: 10,
        lowStockThreshold: 20,
      },
    });

    const { inventory } = await manager.request(InventoryDocument, { storeId: store.id });
    expect(
      inventory.map((level) => [level.ingredient.name, level.quantity, level.lowStockThreshold, level.low]),
    ).toEqual([
      ['Espresso beans', 2000, 0, false],
      ['Paper cups', 10, 20, true],
      ['Whole milk', 5500, 1000, false],
    ]);
    expect(inventory.every((level) => level.store.name === 'Stocked Kiosk')).toBe(true);
    const { ingredients } = await manager.request(IngredientsDocument);
    expect(ingredients).toEqual(expect.arrayContaining([milk, beans, cups]));
  });

  it('an owner sets what a variant and a modifier option use, and a new recipe replaces the old', async () => {
    const item = await insertMenuItem(subgraphDatabase(platform, 'orders'), demo.id, { options: ['Oat milk'] });
    const milk = await createIngredient(manager, 'Semi-skimmed milk', 'ml');
    const beans = await createIngredient(manager, 'House blend', 'g');
    const oat = await createIngredient(manager, 'Oat drink', 'ml');

    const { setRecipe } = await owner.request(SetRecipeDocument, {
      input: {
        variantId: item.variantIds[0],
        components: [
          { ingredientId: milk.id, quantity: 200 },
          { ingredientId: beans.id, quantity: 18 },
        ],
      },
    });
    expect(setRecipe.errors).toEqual([]);
    expect(setRecipe.components?.map((component) => [component.ingredient.name, component.quantity])).toEqual([
      ['Semi-skimmed milk', 200],
      ['House blend', 18],
    ]);

    await owner.request(SetRecipeDocument, {
      input: { variantId: item.variantIds[0], components: [{ ingredientId: beans.id, quantity: 20 }] },
    });
    expect(
      (await recipeRows({ variantId: item.variantIds[0]! })).map((row) => [row.ingredientId, row.quantity]),
    ).toEqual([[beans.id, 20]]);

    const option = await owner.request(SetRecipeDocument, {
      input: { modifierOptionId: item.optionIds[0], components: [{ ingredientId: oat.id, quantity: 200 }] },
    });
    expect(option.setRecipe.components?.map((component) => component.ingredient.name)).toEqual(['Oat drink']);

    const cleared = await owner.request(SetRecipeDocument, {
      input: { variantId: item.variantIds[0], components: [] },
    });
    expect(cleared.setRecipe.components).toEqual([]);
    expect(await recipeRows({ variantId: item.variantIds[0]! })).toEqual([]);
    expect(await recipeRows({ modifierOptionId: item.optionIds[0]! })).toHaveLength(1);
  });

  it('recipes belong to the menu: a manager may not change them', async () => {
    const item = await insertMenuItem(subgraphDatabase(platform, 'orders'), demo.id);
    const result = await manager.execute(SetRecipeDocument, {
      input: { variantId: item.variantIds[0], components: [] },
    });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it.each(['BARISTA', 'CUSTOMER'] as const)(
    'a %s is refused every inventory operation with FORBIDDEN',
    async (role) => {
      const client = await signInAs(platform.gatewayUrl, demo, role);
      const store = demo.stores[0]!;
      const milk = await createIngredient(manager, `Milk for the ${role}`, 'ml');
      const item = await insertMenuItem(subgraphDatabase(platform, 'orders'), demo.id);
      const attempts = [
        client.execute(CreateIngredientDocument, {
          input: { name: 'Sneaky', unit: 'g', idempotencyKey: randomUUID() },
        }),
        client.execute(SetRecipeDocument, { input: { variantId: item.variantIds[0], components: [] } }),
        client.execute(RestockDocument, {
          input: { idempotencyKey: crypto.randomUUID(), storeId: store.id, ingredientId: milk.id, quantity: 1 },
        }),
        client.execute(InventoryDocument, { storeId: store.id }),
        client.execute(IngredientsDocument),
      ];
      for (const result of await Promise.all(attempts)) {
        expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
        expect(result.data).toBeNull();
      }
      const { ingredients } = await manager.request(IngredientsDocument);
      expect(ingredients.map((ingredient) => ingredient.name)).not.toContain('Sneaky');
      expect((await manager.request(InventoryDocument, { storeId: store.id })).inventory).toEqual([]);
    },
  );
});

describe('createIngredient', () => {
  it('refuses a blank or overlong name, a blank unit and a blank idempotency key, and stores nothing', async () => {
    const before = (await manager.request(IngredientsDocument)).ingredients;
    const blank = await manager.request(CreateIngredientDocument, {
      input: { name: '  ', unit: '', idempotencyKey: ' ' },
    });
    expect(errorsOf(blank.createIngredient)).toEqual([
      'INVALID_NAME at name',
      'INVALID_UNIT at unit',
      'INVALID_IDEMPOTENCY_KEY at idempotencyKey',
    ]);
    const long = await manager.request(CreateIngredientDocument, {
      input: { name: 'x'.repeat(121), unit: 'g', idempotencyKey: randomUUID() },
    });
    expect(errorsOf(long.createIngredient)).toEqual(['INVALID_NAME at name']);
    expect((await manager.request(IngredientsDocument)).ingredients).toEqual(before);
  });

  it('refuses a second ingredient of the same name in any letter case, and the key stays free', async () => {
    await createIngredient(manager, 'Vanilla syrup', 'ml');
    const key = randomUUID();
    for (const name of ['Vanilla syrup', ' VANILLA SYRUP ']) {
      const { createIngredient: taken } = await manager.request(CreateIngredientDocument, {
        input: { name, unit: 'ml', idempotencyKey: key },
      });
      expect(errorsOf(taken)).toEqual(['NAME_TAKEN at name']);
      expect(taken.ingredient).toBeNull();
    }
    const names = (await manager.request(IngredientsDocument)).ingredients.map((ingredient) => ingredient.name);
    expect(names.filter((name) => name.toLowerCase() === 'vanilla syrup')).toEqual(['Vanilla syrup']);
    const renamed = await manager.request(CreateIngredientDocument, {
      input: { name: 'Caramel syrup', unit: 'ml', idempotencyKey: key },
    });
    expect(renamed.createIngredient.errors).toEqual([]);
    expect(renamed.createIngredient.ingredient?.name).toBe('Caramel syrup');
  });

  it('a repeat with the same idempotency key returns the first ingredient; another request with it is refused', async () => {
    const input = { name: 'Hazelnut syrup', unit: 'ml', idempotencyKey: randomUUID() };
    const first = await manager.request(CreateIngredientDocument, { input });
    const again = await manager.request(CreateIngredientDocument, { input });
    expect(again.createIngredient).toEqual(first.createIngredient);
    const other = await manager.request(CreateIngredientDocument, { input: { ...input, name: 'Almond syrup' } });
    expect(errorsOf(other.createIngredient)).toEqual(['IDEMPOTENCY_KEY_REUSED at idempotencyKey']);
    const names = (await manager.request(IngredientsDocument)).ingredients.map((ingredient) => ingredient.name);
    expect(names.filter((name) => name === 'Hazelnut syrup')).toHaveLength(1);
    expect(names).not.toContain('Almond syrup');
  });
});

describe('setRecipe', () => {
  async function recipeWithOneComponent() {
    const item = await insertMenuItem(subgraphDatabase(platform, 'orders'), demo.id, { options: ['Extra shot'] });
    const beans = await createIngredient(manager, `Beans ${randomUUID()}`, 'g');
    await owner.request(SetRecipeDocument, {
      input: { variantId: item.variantIds[0], components: [{ ingredientId: beans.id, quantity: 18 }] },
    });
    return { item, beans, before: await recipeRows({ variantId: item.variantIds[0]! }) };
  }

  it('refuses a recipe for both or neither of a variant and an option, and keeps the old one', async () => {
    const { item, beans, before } = await recipeWithOneComponent();
    const components = [{ ingredientId: beans.id, quantity: 5 }];
    for (const input of [
      { variantId: item.variantIds[0], modifierOptionId: item.optionIds[0], components },
      { components },
    ]) {
      const { setRecipe } = await owner.request(SetRecipeDocument, { input });
      expect(errorsOf(setRecipe)).toEqual(['INVALID_RECIPE_TARGET at variantId']);
      expect(setRecipe.components).toBeNull();
    }
    expect(await recipeRows({ variantId: item.variantIds[0]! })).toEqual(before);
    expect(await recipeRows({ modifierOptionId: item.optionIds[0]! })).toEqual([]);
  });

  it('refuses a variant, option or ingredient that does not exist', async () => {
    const { item, beans, before } = await recipeWithOneComponent();
    const components = [{ ingredientId: beans.id, quantity: 5 }];
    const unknownVariant = await owner.request(SetRecipeDocument, { input: { variantId: randomUUID(), components } });
    expect(errorsOf(unknownVariant.setRecipe)).toEqual(['NOT_FOUND at variantId']);
    const malformedOption = await owner.request(SetRecipeDocument, {
      input: { modifierOptionId: 'not-an-id', components },
    });
    expect(errorsOf(malformedOption.setRecipe)).toEqual(['NOT_FOUND at modifierOptionId']);
    const unknownIngredients = await owner.request(SetRecipeDocument, {
      input: {
        variantId: item.variantIds[0],
        components: [
          { ingredientId: beans.id, quantity: 5 },
          { ingredientId: randomUUID(), quantity: 5 },
          { ingredientId: 'nope', quantity: 5 },
        ],
      },
    });
    expect(errorsOf(unknownIngredients.setRecipe)).toEqual([
      'NOT_FOUND at components.1.ingredientId',
      'NOT_FOUND at components.2.ingredientId',
    ]);
    expect(await recipeRows({ variantId: item.variantIds[0]! })).toEqual(before);
  });

  it('refuses quantities of zero or less and an ingredient listed twice', async () => {
    const { item, beans, before } = await recipeWithOneComponent();
    const { setRecipe } = await owner.request(SetRecipeDocument, {
      input: {
        variantId: item.variantIds[0],
        components: [
          { ingredientId: beans.id, quantity: 0 },
          { ingredientId: beans.id, quantity: -3 },
        ],
      },
    });
    expect(errorsOf(setRecipe)).toEqual([
      'INVALID_QUANTITY at components.0.quantity',
      'INVALID_QUANTITY at components.1.quantity',
      'DUPLICATE_INGREDIENT at components.1.ingredientId',
    ]);
    expect(await recipeRows({ variantId: item.variantIds[0]! })).toEqual(before);
  });
});

describe('restock', () => {
  it('refuses a quantity of zero or less, a negative threshold, and a store or ingredient that does not exist', async () => {
    const store = await openStore(owner, 'Careful Kiosk');
    const sugar = await createIngredient(manager, 'Brown sugar', 'g');
    await manager.request(RestockDocument, {
      input: { idempotencyKey: crypto.randomUUID(), storeId: store.id, ingredientId: sugar.id, quantity: 100 },
    });
    const before = (await manager.request(InventoryDocument, { storeId: store.id })).inventory;

    const cases: [Record<string, unknown>, string[]][] = [
      [{ quantity: 0 }, ['INVALID_QUANTITY at quantity']],
      [{ quantity: -5 }, ['INVALID_QUANTITY at quantity']],
      [{ lowStockThreshold: -1 }, ['INVALID_THRESHOLD at lowStockThreshold']],
      [{ storeId: randomUUID() }, ['NOT_FOUND at storeId']],
      [{ storeId: 'kiosk' }, ['NOT_FOUND at storeId']],
      [{ ingredientId: randomUUID() }, ['NOT_FOUND at ingredientId']],
    ];
    for (const [change, expected] of cases) {
      const { restock } = await manager.request(RestockDocument, {
        input: {
          idempotencyKey: crypto.randomUUID(),
          storeId: store.id,
          ingredientId: sugar.id,
          quantity: 10,
          ...change,
        },
      });
      expect(errorsOf(restock), JSON.stringify(change)).toEqual(expected);
      expect(restock.stockLevel).toBeNull();
    }
    expect((await manager.request(InventoryDocument, { storeId: store.id })).inventory).toEqual(before);
  });

  it('refuses stock beyond what a level can hold, keeping what it had', async () => {
    const store = await openStore(owner, 'Full Kiosk');
    const straws = await createIngredient(manager, 'Straws', 'piece');
    const full = await manager.request(RestockDocument, {
      input: {
        idempotencyKey: crypto.randomUUID(),
        storeId: store.id,
        ingredientId: straws.id,
        quantity: 2_147_483_647,
      },
    });
    expect(full.restock.stockLevel?.quantity).toBe(2_147_483_647);
    const more = await manager.request(RestockDocument, {
      input: {
        idempotencyKey: crypto.randomUUID(),
        storeId: store.id,
        ingredientId: straws.id,
        quantity: 1,
        lowStockThreshold: 5,
      },
    });
    expect(errorsOf(more.restock)).toEqual(['QUANTITY_TOO_LARGE at quantity']);
    const { inventory } = await manager.request(InventoryDocument, { storeId: store.id });
    expect(inventory.map((level) => [level.quantity, level.lowStockThreshold])).toEqual([[2_147_483_647, 0]]);
  });
});

describe("another tenant's inventory", () => {
  it('is invisible to a second tenant, which can neither stock it nor cook with it', async () => {
    const store = await openStore(owner, 'Private Kiosk');
    const secret = await createIngredient(manager, 'Secret spice', 'g');
    await manager.request(RestockDocument, {
      input: { idempotencyKey: crypto.randomUUID(), storeId: store.id, ingredientId: secret.id, quantity: 50 },
    });
    const item = await insertMenuItem(subgraphDatabase(platform, 'orders'), demo.id);
    const before = (await manager.request(InventoryDocument, { storeId: store.id })).inventory;

    const rivalManager = await signInAs(platform.gatewayUrl, rival, 'MANAGER');
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    const rivalStore = rival.stores[0]!;
    const rivalSpice = await createIngredient(rivalManager, 'Secret spice', 'g');
    const rivalItem = await insertMenuItem(subgraphDatabase(platform, 'orders'), rival.id);

    const { ingredients } = await rivalManager.request(IngredientsDocument);
    expect(ingredients.map((ingredient) => ingredient.id)).toEqual([rivalSpice.id]);
    expect((await rivalManager.request(InventoryDocument, { storeId: store.id })).inventory).toEqual([]);

    const theirStore = await rivalManager.request(RestockDocument, {
      input: { idempotencyKey: crypto.randomUUID(), storeId: store.id, ingredientId: secret.id, quantity: 1000 },
    });
    expect(errorsOf(theirStore.restock)).toEqual(['NOT_FOUND at storeId', 'NOT_FOUND at ingredientId']);
    const theirIngredient = await rivalManager.request(RestockDocument, {
      input: { idempotencyKey: crypto.randomUUID(), storeId: rivalStore.id, ingredientId: secret.id, quantity: 1000 },
    });
    expect(errorsOf(theirIngredient.restock)).toEqual(['NOT_FOUND at ingredientId']);
    const theirVariant = await rivalOwner.request(SetRecipeDocument, {
      input: { variantId: item.variantIds[0], components: [{ ingredientId: rivalSpice.id, quantity: 1 }] },
    });
    expect(errorsOf(theirVariant.setRecipe)).toEqual(['NOT_FOUND at variantId']);
    const theirSpice = await rivalOwner.request(SetRecipeDocument, {
      input: { variantId: rivalItem.variantIds[0], components: [{ ingredientId: secret.id, quantity: 1 }] },
    });
    expect(errorsOf(theirSpice.setRecipe)).toEqual(['NOT_FOUND at components.0.ingredientId']);

    expect((await manager.request(InventoryDocument, { storeId: store.id })).inventory).toEqual(before);
    expect(await recipeRows({ variantId: item.variantIds[0]! })).toEqual([]);
    expect((await rivalManager.request(InventoryDocument, { storeId: rivalStore.id })).inventory).toEqual([]);
  });
});
