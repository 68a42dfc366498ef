import { randomUUID } from 'node:crypto';
import type { Database } from '../../common/database/database.ts';
import { MenuCategoryEntity } from '../../subgraphs/orders/menu-category.entity.ts';
import { ModifierGroupEntity, ModifierOptionEntity } from '../../subgraphs/orders/modifier-group.entity.ts';
import { ProductEntity, ProductVariantEntity } from '../../subgraphs/orders/product.entity.ts';
import { StoreProductEntity } from '../../subgraphs/orders/store-product.entity.ts';

export interface MenuItemFixture {
  productId: string;
  variantIds: string[];
  optionIds: string[];
}

/**
 * A product with variants and one modifier group of options, written straight to the orders
 * database in the tenant's name, for tests about what the menu uses rather than how it is made.
 */
export async function insertMenuItem(
  database: Database,
  tenantId: string,
  { variants = ['Regular'], options = [] }: { variants?: string[]; options?: string[] } = {},
): Promise<MenuItemFixture> {
  return database.transaction(tenantId, async (manager) => {
    const product = await manager.getRepository(ProductEntity).save({ tenantId, name: `Latte ${randomUUID()}` });
    const savedVariants = await manager
      .getRepository(ProductVariantEntity)
      .save(variants.map((name, position) => ({ tenantId, productId: product.id, name, prices: {}, position })));
    const group = await manager
      .getRepository(ModifierGroupEntity)
      .save({ tenantId, name: 'Extras', minSelections: 0, maxSelections: Math.max(options.length, 1) });
    const savedOptions = await manager
      .getRepository(ModifierOptionEntity)
      .save(options.map((name, position) => ({ tenantId, groupId: group.id, name, position })));
    return {
      productId: product.id,
      variantIds: savedVariants.map((variant) => variant.id),
      optionIds: savedOptions.map((option) => option.id),
    };
  });
}

/** A small menu of one tenant with known ids and prices, to order from in tests. */
export interface MenuFixture {
  latte: { id: string; small: string; large: string };
  croissant: { id: string; single: string };
  milk: { groupId: string; whole: string; oat: string };
  shots: { groupId: string; extra: string; decaf: string };
}

/**
 * Latte (small 450 / large 520 USD; 380 / 430 GBP; 550 / 620 JPY; 400 / 460 EUR) needs exactly one milk (oat +60 USD,
 * +50 GBP, +80 JPY) and takes up to two shot options (extra shot +75 USD, +60 GBP, +100 JPY). A
 * croissant (325 USD, 280 GBP, 300 JPY, 290 EUR) takes nothing.
 */
export async function createMenuFixture(database: Database, tenantId: string): Promise<MenuFixture> {
  const id = () => randomUUID();
  const fixture: MenuFixture = {
    latte: { id: id(), small: id(), large: id() },
    croissant: { id: id(), single: id() },
    milk: { groupId: id(), whole: id(), oat: id() },
    shots: { groupId: id(), extra: id(), decaf: id() },
  };
  await database.transaction(tenantId, async (manager) => {
    const categoryId = id();
    await manager.getRepository(MenuCategoryEntity).insert({ id: categoryId, tenantId, name: `Fixture ${categoryId}` });
    await manager.getRepository(ModifierGroupEntity).insert([
      { id: fixture.milk.groupId, tenantId, name: 'Milk', minSelections: 1, maxSelections: 1 },
      { id: fixture.shots.groupId, tenantId, name: 'Shots', minSelections: 0, maxSelections: 2 },
    ]);
    await manager.getRepository(ModifierOptionEntity).insert([
      { id: fixture.milk.whole, tenantId, groupId: fixture.milk.groupId, name: 'Whole milk', priceDeltas: {} },
      {
        id: fixture.milk.oat,
        tenantId,
        groupId: fixture.milk.groupId,
        name: 'Oat milk',
        priceDeltas: { USD: 60, GBP: 50, JPY: 80 },
      },
      {
        id: fixture.shots.extra,
        tenantId,
        groupId: fixture.shots.groupId,
        name: 'Extra shot',
        priceDeltas: { USD: 75, GBP: 60, JPY: 100 },
      },
      { id: fixture.shots.decaf, tenantId, groupId: fixture.shots.groupId, name: 'Decaf', priceDeltas: {} },
    ]);
    await manager.getRepository(ProductEntity).insert([
      {
        id: fixture.latte.id,
        tenantId,
        categoryId,
        name: 'Latte',
        modifierGroupIds: [fixture.milk.groupId, fixture.shots.groupId],
      },
      { id: fixture.croissant.id, tenantId, categoryId, name: 'Croissant', modifierGroupIds: [] },
    ]);
    await manager.getRepository(ProductVariantEntity).insert([
      {
        id: fixture.latte.small,
        tenantId,
        productId: fixture.latte.id,
        name: 'Small',
        prices: { USD: 450, GBP: 380, JPY: 550, EUR: 400 },
      },
      {
        id: fixture.latte.large,
        tenantId,
        productId: fixture.latte.id,
        name: 'Large',
        prices: { USD: 520, GBP: 430, JPY: 620, EUR: 460 },
      },
      {
        id: fixture.croissant.single,
        tenantId,
        productId: fixture.croissant.id,
        name: 'One',
        prices: { USD: 325, GBP: 280, JPY: 300, EUR: 290 },
      },
    ]);
  });
  return fixture;
}

/** Stops a store selling a product, as a manager would. */
export async function makeUnavailable(database: Database, tenantId: string, storeId: string, productId: string) {
  await database.transaction(tenantId, (manager) =>
    manager.getRepository(StoreProductEntity).save({ tenantId, storeId, productId, available: false, prices: {} }),
  );
}
