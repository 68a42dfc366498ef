import { In, type EntityManager } from 'typeorm';
import { recordEvents } from '../../common/events/outbox.ts';
import { isUuid } from '../../common/database/uuid.ts';
import { groupedBy } from '../../common/graphql/loaders.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { isMinorUnitAmount } from '../../common/money/money.ts';
import { storeProductChanged } from './catalogue.events.ts';
import { MenuCategoryEntity } from './menu-category.entity.ts';
import { ProductEntity, ProductVariantEntity, type Product, type ProductVariant } from './product.entity.ts';
import { StoreProductEntity } from './store-product.entity.ts';
import { StoreEntity, type Store } from './store.entity.ts';
import { storeMenuItem, type StoreMenuItem } from './store-menu.ts';
import type { SetStoreProductInput } from './__generated__/resolvers-types.ts';

export type StoreProductResult = { item: StoreMenuItem | null; errors: UserError[] };

export const menuService = {
  findStore(manager: EntityManager, storeId: string): Promise<Store | null> {
    return isUuid(storeId) ? manager.getRepository(StoreEntity).findOneBy({ id: storeId }) : Promise.resolve(null);
  },

  /** Every product of the tenant as the store sells it, in category order; null for no such store. */
  async findForStore(manager: EntityManager, storeId: string): Promise<StoreMenuItem[] | null> {
    const store = await this.findStore(manager, storeId);
    if (!store) return null;
    const products = await manager
      .getRepository(ProductEntity)
      .createQueryBuilder('product')
      .leftJoin(MenuCategoryEntity.options.name, 'category', 'category.id = product.categoryId')
      .orderBy('category.position', 'ASC', 'NULLS LAST')
      .addOrderBy('category.name', 'ASC')
      .addOrderBy('product.position', 'ASC')
      .addOrderBy('product.name', 'ASC')
      .addOrderBy('product.id', 'ASC')
      .getMany();
    return this.itemsAt(manager, store, products);
  },

  /** These products on the store's menu, in the order given: three queries however many there are. */
  async itemsAt(manager: EntityManager, store: Store, products: Product[]): Promise<StoreMenuItem[]> {
    if (products.length === 0) return [];
    const productIds = products.map((product) => product.id);
    const variants = await manager
      .getRepository(ProductVariantEntity)
      .find({ where: { productId: In(productIds) }, order: { position: 'ASC', id: 'ASC' } });
    const storeProducts = await manager
      .getRepository(StoreProductEntity)
      .findBy({ storeId: store.id, productId: In(productIds) });
    // The variants the store lacks ingredients for; until stock is tracked, none.
    const unavailable: ReadonlySet<string> = new Set<string>();
    const own = new Map(storeProducts.map((row) => [row.productId, row]));
    const variantsOf = groupedBy<ProductVariant, 'productId'>(productIds, 'productId')(variants);
    return products.map((product, index) =>
      storeMenuItem(store, product, variantsOf[index]!, own.get(product.id) ?? null, unavailable),
    );
  },

  /**
   * Whether the store sells the product, and its own prices for the product's variants (in the
   * store's currency; a list replaces the previous one, none keeps it).
   */
  async setStoreProduct(
    manager: EntityManager,
    tenantId: string,
    input: SetStoreProductInput,
  ): Promise<StoreProductResult> {
    const store = await this.findStore(manager, input.storeId);
    const product = isUuid(input.productId)
      ? await manager.getRepository(ProductEntity).findOneBy({ id: input.productId })
      : null;
    const errors: UserError[] = [];
    if (!store) errors.push(userError('NOT_FOUND', 'No such store', ['storeId']));
    if (!product) errors.push(userError('NOT_FOUND', 'No such product', ['productId']));
    if (!store || !product) return { item: null, errors };
    const variantIds = new Set(
      (await manager.getRepository(ProductVariantEntity).findBy({ productId: product.id })).map(
        (variant) => variant.id,
      ),
    );
    const prices = input.prices ?? null;
    errors.push(...validateStorePrices(prices ?? [], variantIds));
    if (errors.length > 0) return { item: null, errors };

    const rows = manager.getRepository(StoreProductEntity);
    const previous = await rows.findOneBy({ storeId: store.id, productId: product.id });
    const row = {
      tenantId,
      storeId: store.id,
      productId: product.id,
      available: input.available,
      prices: prices
        ? Object.fromEntries(prices.map(({ variantId, amount }) => [variantId, amount]))
        : (previous?.prices ?? {}),
    };
    await rows.upsert(row, ['storeId', 'productId']);
    await recordEvents(manager, [storeProductChanged(row, store.currency)]);
    const [item] = await this.itemsAt(manager, store, [product]);
    return { item: item!, errors: [] };
  },
};

function validateStorePrices(prices: SetStoreProductInput['prices'] & object, variantIds: Set<string>): UserError[] {
  const seen = new Set<string>();
  return prices.flatMap(({ variantId, amount }, index) => {
    const errors: UserError[] = [];
    if (!variantIds.has(variantId)) {
      errors.push(userError('NOT_FOUND', 'No such variant of this product', ['prices', String(index), 'variantId']));
    } else if (seen.has(variantId)) {
      errors.push(
        userError('DUPLICATE_VARIANT', 'This variant is priced twice', ['prices', String(index), 'variantId']),
      );
    }
    seen.add(variantId);
    if (!isMinorUnitAmount(amount) || amount < 0) {
      errors.push(
        userError('INVALID_PRICE', "A price is a whole, non-negative number of the store's currency's minor unit", [
          'prices',
          String(index),
          'amount',
        ]),
      );
    }
    return errors;
  });
}
