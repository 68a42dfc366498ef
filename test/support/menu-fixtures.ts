import { randomUUID } from 'node:crypto';
import type { Database } from '../../common/database/database.ts';
import { ModifierGroupEntity, ModifierOptionEntity } from '../../subgraphs/orders/modifier-group.entity.ts';
import { ProductEntity, ProductVariantEntity } from '../../subgraphs/orders/product.entity.ts';

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
