import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateMenuCategoryDocument,
  CreateModifierGroupDocument,
  CreateProductDocument,
  MenuCategoriesDocument,
  MeDocument,
  ModifierGroupsDocument,
  ProductDocument,
  SetStoreProductDocument,
  StoreMenuDocument,
  type CreateProductInput,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import type { Identity } from '../common/identity/identity.ts';
import { callSubgraphAs, subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
let owner: GoCoffeeClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const [seattle, london, tokyo] = demo.stores as [
  (typeof demo.stores)[0],
  (typeof demo.stores)[0],
  (typeof demo.stores)[0],
];
let keys = 0;
const key = () => `menu-test-${++keys}`;

/** Rows of the catalogue tables and idempotency keys, to show a refused request wrote nothing. */
async function catalogueRows(): Promise<Record<string, number>> {
  const tables = [
    'menu_categories',
    'modifier_groups',
    'modifier_options',
    'products',
    'product_variants',
    'store_products',
    'idempotency_keys',
  ];
  const counts: [string, number][] = [];
  await subgraphDatabase(platform, 'orders').system(async (manager) => {
    for (const table of tables) {
      const [row] = (await manager.query(`SELECT count(*)::int AS n FROM orders.${table}`)) as { n: number }[];
      counts.push([table, row!.n]);
    }
  });
  return Object.fromEntries(counts);
}

async function createCategory(name: string) {
  const { createMenuCategory } = await owner.request(CreateMenuCategoryDocument, {
    input: { name, idempotencyKey: key() },
  });
  expect(createMenuCategory.errors).toEqual([]);
  return createMenuCategory.category!;
}

async function createMilkGroup() {
  const { createModifierGroup } = await owner.request(CreateModifierGroupDocument, {
    input: {
      name: `Milk ${key()}`,
      minSelections: 0,
      maxSelections: 1,
      options: [
        { name: 'Whole' },
        {
          name: 'Oat',
          priceDeltas: [
            { amount: 70, currency: 'usd' },
            { amount: 50, currency: 'GBP' },
          ],
        },
      ],
      idempotencyKey: key(),
    },
  });
  expect(createModifierGroup.errors).toEqual([]);
  return createModifierGroup.modifierGroup!;
}

const latteInput = (categoryId: string, modifierGroupIds: string[]): CreateProductInput => ({
  categoryId,
  name: 'Pumpkin Spice Latte',
  description: 'Espresso, steamed milk and spiced pumpkin',
  tags: ['seasonal', 'hot'],
  allergens: ['milk'],
  modifierGroupIds,
  variants: [
    {
      name: 'Small',
      prices: [
        { amount: 495, currency: 'USD' },
        { amount: 395, currency: 'GBP' },
      ],
    },
    {
      name: 'Large',
      prices: [
        { amount: 595, currency: 'USD' },
        { amount: 475, currency: 'GBP' },
        { amount: 650, currency: 'JPY' },
      ],
    },
  ],
  idempotencyKey: key(),
});

async function createLatte() {
  const category = await createCategory(`Seasonal ${key()}`);
  const milk = await createMilkGroup();
  const { createProduct } = await owner.request(CreateProductDocument, { input: latteInput(category.id, [milk.id]) });
  expect(createProduct.errors).toEqual([]);
  return { category, milk, product: createProduct.product! };
}

const itemOf = async (client: GoCoffeeClient, storeId: string, productId: string) => {
  const { menu } = await client.request(StoreMenuDocument, { storeId });
  return menu!.find((item) => item.product.id === productId)!;
};

describe('building the menu', () => {
  it('lets an OWNER create a category, a modifier group and a product, and read them back', async () => {
    const { category, milk, product } = await createLatte();
    expect(milk.options.map((option) => [option.name, option.priceDeltas])).toEqual([
      ['Whole', []],
      [
        'Oat',
        [
          { amount: 50, currency: 'GBP' },
          { amount: 70, currency: 'USD' },
        ],
      ],
    ]);
    const { product: read } = await owner.request(ProductDocument, { id: product.id });
    expect(read).toMatchObject({
      name: 'Pumpkin Spice Latte',
      tags: ['seasonal', 'hot'],
      allergens: ['milk'],
      category: { id: category.id, name: category.name },
      modifierGroups: [{ id: milk.id, minSelections: 0, maxSelections: 1 }],
    });
    expect(read!.variants.map((variant) => [variant.name, variant.prices.map((price) => price.currency)])).toEqual([
      ['Small', ['GBP', 'USD']],
      ['Large', ['GBP', 'JPY', 'USD']],
    ]);
    const { menuCategories } = await owner.request(MenuCategoriesDocument);
    expect(menuCategories.find((candidate) => candidate.id === category.id)?.products).toEqual([
      { id: product.id, name: 'Pumpkin Spice Latte' },
    ]);
    const { modifierGroups } = await owner.request(ModifierGroupsDocument);
    expect(modifierGroups.map((group) => group.id)).toContain(milk.id);
  });

  it('puts a new category after the existing ones unless given a position', async () => {
    const { menuCategories: before } = await owner.request(MenuCategoriesDocument);
    const last = await createCategory(`Last ${key()}`);
    expect(last.position).toBe(Math.max(...before.map((category) => category.position)) + 1);
    const { menuCategories } = await owner.request(MenuCategoriesDocument);
    expect(menuCategories.at(-1)!.id).toBe(last.id);
  });

  it('answers a repeat of a create with the same idempotency key with the first result, creating nothing more', async () => {
    const category = await createCategory(`Repeat ${key()}`);
    const input = latteInput(category.id, []);
    const first = await owner.request(CreateProductDocument, { input });
    const rows = await catalogueRows();
    const repeat = await owner.request(CreateProductDocument, { input });
    expect(repeat.createProduct.product!.id).toBe(first.createProduct.product!.id);
    expect(await catalogueRows()).toEqual(rows);
  });
});

describe('refused catalogue input', () => {
  it('refuses a product in an unknown category or with an unknown modifier group, and writes nothing', async () => {
    const category = await createCategory(`Refusals ${key()}`);
    const rows = await catalogueRows();
    const unknownCategory = await owner.request(CreateProductDocument, {
      input: latteInput('00000000-0000-4000-8000-000000000000', []),
    });
    expect(unknownCategory.createProduct).toMatchObject({
      product: null,
      errors: [{ code: 'NOT_FOUND', field: ['categoryId'] }],
    });
    const milk = await createMilkGroup();
    const rowsWithMilk = await catalogueRows();
    const unknownGroup = await owner.request(CreateProductDocument, {
      input: latteInput(category.id, [milk.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']),
    });
    expect(unknownGroup.createProduct.errors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['modifierGroupIds', '1'] }),
      expect.objectContaining({ code: 'NOT_FOUND', field: ['modifierGroupIds', '2'] }),
    ]);
    expect(await catalogueRows()).toEqual(rowsWithMilk);
    expect(rowsWithMilk.products).toBe(rows.products);
  });

  it("refuses another tenant's category as unknown", async () => {
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    const rivalCategory = (
      await rivalOwner.request(CreateMenuCategoryDocument, { input: { name: `Rival ${key()}`, idempotencyKey: key() } })
    ).createMenuCategory.category!;
    const { createProduct } = await owner.request(CreateProductDocument, { input: latteInput(rivalCategory.id, []) });
    expect(createProduct.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['categoryId'] })]);
  });

  it('refuses a modifier group whose minimum exceeds its maximum, or whose maximum exceeds its options', async () => {
    const rows = await catalogueRows();
    const group = (minSelections: number, maxSelections: number) =>
      owner.request(CreateModifierGroupDocument, {
        input: {
          name: 'Syrups',
          minSelections,
          maxSelections,
          options: [{ name: 'Vanilla' }, { name: 'Caramel' }],
          idempotencyKey: key(),
        },
      });
    const minAboveMax = (await group(2, 1)).createModifierGroup;
    expect(minAboveMax.modifierGroup).toBeNull();
    expect(minAboveMax.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_SELECTIONS', field: ['minSelections'] }),
    ]);
    expect((await group(0, 3)).createModifierGroup.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_SELECTIONS', field: ['maxSelections'] }),
    ]);
    expect((await group(-1, 0)).createModifierGroup.errors.map((error) => error.field)).toEqual([
      ['minSelections'],
      ['maxSelections'],
    ]);
    expect(await catalogueRows()).toEqual(rows);
  });

  it('refuses options with the same name, and a negative or foreign-currency price delta', async () => {
    const { createModifierGroup } = await owner.request(CreateModifierGroupDocument, {
      input: {
        name: 'Milk',
        minSelections: 0,
        maxSelections: 1,
        options: [
          { name: 'Oat', priceDeltas: [{ amount: -10, currency: 'USD' }] },
          { name: ' oat ', priceDeltas: [{ amount: 10, currency: 'XYZ' }] },
        ],
        idempotencyKey: key(),
      },
    });
    expect(createModifierGroup.errors.map((error) => [error.code, error.field])).toEqual([
      ['INVALID_PRICE_DELTA', ['options', '0', 'priceDeltas', '0', 'amount']],
      ['INVALID_CURRENCY', ['options', '1', 'priceDeltas', '0', 'currency']],
      ['DUPLICATE_NAME', ['options', '1', 'name']],
    ]);
  });

  it('refuses a negative price, an unknown currency and a variant without prices, with the path of each', async () => {
    const category = await createCategory(`Prices ${key()}`);
    const rows = await catalogueRows();
    const { createProduct } = await owner.request(CreateProductDocument, {
      input: {
        ...latteInput(category.id, []),
        variants: [
          { name: 'Small', prices: [{ amount: -1, currency: 'USD' }] },
          {
            name: 'Large',
            prices: [
              { amount: 500, currency: 'DOLLARS' },
              { amount: 500, currency: 'GBP' },
              { amount: 520, currency: 'gbp' },
            ],
          },
          { name: 'Huge', prices: [] },
        ],
      },
    });
    expect(createProduct.product).toBeNull();
    expect(createProduct.errors.map((error) => [error.code, error.field])).toEqual([
      ['INVALID_PRICE', ['variants', '0', 'prices', '0', 'amount']],
      ['INVALID_CURRENCY', ['variants', '1', 'prices', '0', 'currency']],
      ['DUPLICATE_CURRENCY', ['variants', '1', 'prices', '2', 'currency']],
      ['MISSING_PRICE', ['variants', '2', 'prices']],
    ]);
    expect(await catalogueRows()).toEqual(rows);
  });

  it('refuses a fractional price as a bad request before it reaches the menu', async () => {
    const category = await createCategory(`Fractions ${key()}`);
    const rows = await catalogueRows();
    const input = latteInput(category.id, []);
    input.variants = [{ name: 'Small', prices: [{ amount: 4.5, currency: 'USD' }] }];
    const result = await owner.execute(CreateProductDocument, { input });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/non-integer value: 4.5/);
    expect(await catalogueRows()).toEqual(rows);
  });

  it('refuses an empty name, a product without variants and a bad image URL', async () => {
    const { createProduct } = await owner.request(CreateProductDocument, {
      input: { name: '  ', variants: [], imageUrl: 'javascript:alert(1)', idempotencyKey: key() },
    });
    expect(createProduct.errors.map((error) => [error.code, error.field])).toEqual([
      ['INVALID_NAME', ['name']],
      ['INVALID_URL', ['imageUrl']],
      ['INVALID_VARIANTS', ['variants']],
    ]);
  });

  it('refuses a category name already taken and keeps the key free for the corrected request', async () => {
    const taken = await createCategory(`Taken ${key()}`);
    const rows = await catalogueRows();
    const idempotencyKey = key();
    const clash = await owner.request(CreateMenuCategoryDocument, { input: { name: taken.name, idempotencyKey } });
    expect(clash.createMenuCategory).toMatchObject({
      category: null,
      errors: [{ code: 'DUPLICATE_NAME', field: ['name'] }],
    });
    expect(await catalogueRows()).toEqual(rows);
    const corrected = await owner.request(CreateMenuCategoryDocument, {
      input: { name: `${taken.name} too`, idempotencyKey },
    });
    expect(corrected.createMenuCategory.errors).toEqual([]);
  });

  it('refuses the same idempotency key with another request, and writes nothing', async () => {
    const category = await createCategory(`Keys ${key()}`);
    const input = latteInput(category.id, []);
    await owner.request(CreateProductDocument, { input });
    const rows = await catalogueRows();
    const { createProduct } = await owner.request(CreateProductDocument, {
      input: { ...input, name: 'Another product altogether' },
    });
    expect(createProduct).toMatchObject({
      product: null,
      errors: [{ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] }],
    });
    expect(await catalogueRows()).toEqual(rows);
  });
});

describe("a store's menu", () => {
  it("shows a product at each store in the store's currency, unavailable where it has no price", async () => {
    const { product } = await createLatte();
    const atSeattle = await itemOf(owner, seattle.id, product.id);
    expect(atSeattle.available).toBe(true);
    expect(atSeattle.variants.map((variant) => [variant.variant.name, variant.price, variant.available])).toEqual([
      ['Small', { amount: 495, currency: 'USD' }, true],
      ['Large', { amount: 595, currency: 'USD' }, true],
    ]);
    const atTokyo = await itemOf(owner, tokyo.id, product.id);
    expect(atTokyo.available).toBe(true);
    expect(atTokyo.variants.map((variant) => [variant.price, variant.available])).toEqual([
      [null, false],
      [{ amount: 650, currency: 'JPY' }, true],
    ]);
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    const { menu: rivalMenu } = await rivalOwner.request(StoreMenuDocument, { storeId: rival.stores[0]!.id });
    expect(rivalMenu!.map((item) => item.product.id)).not.toContain(product.id);
  });

  it("shows a store's own price and its unavailability on that store's menu and not on another's", async () => {
    const { product } = await createLatte();
    const small = product.variants[0]!;
    const manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
    const ownPrice = await manager.request(SetStoreProductDocument, {
      input: {
        storeId: seattle.id,
        productId: product.id,
        available: true,
        prices: [{ variantId: small.id, amount: 450 }],
      },
    });
    expect(ownPrice.setStoreProduct.errors).toEqual([]);
    expect(ownPrice.setStoreProduct.item!.variants.map((variant) => variant.price?.amount)).toEqual([450, 595]);
    const notSold = await manager.request(SetStoreProductDocument, {
      input: { storeId: london.id, productId: product.id, available: false },
    });
    expect(notSold.setStoreProduct.item).toMatchObject({ available: false });

    const atSeattle = await itemOf(owner, seattle.id, product.id);
    expect(atSeattle.variants.map((variant) => variant.price)).toEqual([
      { amount: 450, currency: 'USD' },
      { amount: 595, currency: 'USD' },
    ]);
    const atLondon = await itemOf(owner, london.id, product.id);
    expect(atLondon.available).toBe(false);
    expect(atLondon.variants.map((variant) => [variant.price?.amount, variant.available])).toEqual([
      [395, false],
      [475, false],
    ]);
    const atTokyo = await itemOf(owner, tokyo.id, product.id);
    expect(atTokyo.variants.map((variant) => variant.price?.amount ?? null)).toEqual([null, 650]);
    expect(atTokyo.available).toBe(true);

    const backOnSale = await manager.request(SetStoreProductDocument, {
      input: { storeId: seattle.id, productId: product.id, available: true, prices: [] },
    });
    expect(backOnSale.setStoreProduct.item!.variants.map((variant) => variant.price?.amount)).toEqual([495, 595]);
  });

  it("refuses a store price for another product's variant, a negative one, or an unknown store, and writes nothing", async () => {
    const { product } = await createLatte();
    const { product: other } = await createLatte();
    const rows = await catalogueRows();
    const { setStoreProduct } = await owner.request(SetStoreProductDocument, {
      input: {
        storeId: seattle.id,
        productId: product.id,
        available: true,
        prices: [
          { variantId: other.variants[0]!.id, amount: 400 },
          { variantId: product.variants[0]!.id, amount: -5 },
        ],
      },
    });
    expect(setStoreProduct.errors.map((error) => [error.code, error.field])).toEqual([
      ['NOT_FOUND', ['prices', '0', 'variantId']],
      ['INVALID_PRICE', ['prices', '1', 'amount']],
    ]);
    const unknownStore = await owner.request(SetStoreProductDocument, {
      input: { storeId: rival.stores[0]!.id, productId: product.id, available: false },
    });
    expect(unknownStore.setStoreProduct.errors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['storeId'] }),
    ]);
    expect(await catalogueRows()).toEqual(rows);
  });

  it("is null for a store the tenant does not have, another tenant's included", async () => {
    expect((await owner.request(StoreMenuDocument, { storeId: rival.stores[0]!.id })).menu).toBeNull();
    expect(
      (await owner.request(StoreMenuDocument, { storeId: '00000000-0000-4000-8000-000000000000' })).menu,
    ).toBeNull();
    expect((await owner.request(StoreMenuDocument, { storeId: 'not-a-store' })).menu).toBeNull();
  });
});

describe('who may read and change the menu', () => {
  it('lets a CUSTOMER read the menu and a product but not change either', async () => {
    const { product } = await createLatte();
    const customer = await signInAs(platform.gatewayUrl, demo, 'CUSTOMER');
    expect((await itemOf(customer, seattle.id, product.id)).product.name).toBe('Pumpkin Spice Latte');
    expect((await customer.request(ProductDocument, { id: product.id })).product?.id).toBe(product.id);
    const rows = await catalogueRows();
    const create = await customer.execute(CreateMenuCategoryDocument, {
      input: { name: 'Mine', idempotencyKey: key() },
    });
    expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const set = await customer.execute(SetStoreProductDocument, {
      input: { storeId: seattle.id, productId: product.id, available: false },
    });
    expect(set.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await catalogueRows()).toEqual(rows);
  });

  it('lets a MANAGER set what their store sells but not create products', async () => {
    const category = await createCategory(`Managers ${key()}`);
    const manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
    const result = await manager.execute(CreateProductDocument, { input: latteInput(category.id, []) });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe("one tenant's menu and another's", () => {
  it("never shows tenant A's products to tenant B, through the gateway or _entities", async () => {
    const { product } = await createLatte();
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    const read = await rivalOwner.execute(ProductDocument, { id: product.id });
    expect(read.errors).toBeUndefined();
    expect(read.data?.product).toBeNull();
    const { menuCategories } = await rivalOwner.request(MenuCategoriesDocument);
    expect(menuCategories.flatMap((category) => category.products.map((candidate) => candidate.id))).not.toContain(
      product.id,
    );

    const { me } = await rivalOwner.request(MeDocument);
    const rivalCaller: Identity = {
      kind: 'user',
      userId: me!.id,
      tenantId: rival.id,
      roles: ['OWNER'],
      scopes: [],
      tier: rival.plan.tier,
    };
    const body = await callSubgraphAs(
      platform,
      'orders',
      rivalCaller,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name } } }',
      { r: [{ __typename: 'Product', id: product.id }] },
    );
    expect(body.data._entities).toEqual([null]);
  });
});
