import DataLoader from 'dataloader';
import { In, type EntityManager, type EntitySchema, type ObjectLiteral } from 'typeorm';
import { isUuid } from '../../common/database/uuid.ts';
import { byId, groupedBy } from '../../common/graphql/loaders.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import { IngredientEntity, type Ingredient } from './ingredient.entity.ts';
import { kitchenService, type KitchenState } from './kitchen.service.ts';
import { MenuCategoryEntity, type MenuCategory } from './menu-category.entity.ts';
import {
  ModifierGroupEntity,
  ModifierOptionEntity,
  type ModifierGroup,
  type ModifierOption,
} from './modifier-group.entity.ts';
import { OrderEntity, OrderLineEntity, type Order, type OrderLine } from './order.entity.ts';
import { ProductEntity, ProductVariantEntity, type Product, type ProductVariant } from './product.entity.ts';
import { StoreEntity, type Store } from './store.entity.ts';

/** One set per request: every reference and list below a page is fetched in one query per kind. */
export interface OrdersLoaders {
  store: DataLoader<string, Store | null>;
  category: DataLoader<string, MenuCategory | null>;
  product: DataLoader<string, Product | null>;
  productsByCategory: DataLoader<string, Product[]>;
  variantsByProduct: DataLoader<string, ProductVariant[]>;
  modifierGroup: DataLoader<string, ModifierGroup | null>;
  optionsByGroup: DataLoader<string, ModifierOption[]>;
  order: DataLoader<string, Order | null>;
  linesByOrder: DataLoader<string, OrderLine[]>;
  ingredient: DataLoader<string, Ingredient | null>;
  kitchen: DataLoader<string, KitchenState>;
  /** Whether a person has placed orders in the caller's tenant. */
  hasOrders: DataLoader<string, boolean>;
}

export function createOrdersLoaders(ctx: SubgraphContext): OrdersLoaders {
  const read = <T>(work: (manager: EntityManager) => Promise<T>) => ctx.transaction(work);
  const byIds = <T extends ObjectLiteral & { id: string }>(entity: EntitySchema<T>) =>
    new DataLoader<string, T | null>(async (ids) => {
      // An id that is not a UUID names nothing; in the query it would be an error, not a miss.
      const valid = ids.filter(isUuid);
      const rows: T[] = valid.length
        ? await read((manager) => manager.getRepository(entity).findBy({ id: In(valid) } as never))
        : [];
      return byId<T>(ids)(rows);
    });
  const byParent = <T extends ObjectLiteral, K extends keyof T & string>(
    entity: EntitySchema<T>,
    column: K,
    order: Record<string, 'ASC'>,
  ) =>
    new DataLoader<string, T[]>((ids) =>
      read((manager) =>
        manager.getRepository(entity).find({ where: { [column]: In([...ids]) } as never, order: order as never }),
      ).then(groupedBy(ids, column)),
    );
  return {
    store: byIds(StoreEntity),
    category: byIds(MenuCategoryEntity),
    product: byIds(ProductEntity),
    productsByCategory: byParent(ProductEntity, 'categoryId', { position: 'ASC', name: 'ASC', id: 'ASC' }),
    variantsByProduct: byParent(ProductVariantEntity, 'productId', { position: 'ASC', id: 'ASC' }),
    modifierGroup: byIds(ModifierGroupEntity),
    optionsByGroup: byParent(ModifierOptionEntity, 'groupId', { position: 'ASC', id: 'ASC' }),
    order: byIds(OrderEntity),
    linesByOrder: byParent(OrderLineEntity, 'orderId', { position: 'ASC' }),
    ingredient: byIds(IngredientEntity),
    kitchen: new DataLoader((storeIds) => read((manager) => kitchenService.states(manager, storeIds))),
    hasOrders: new DataLoader(async (userIds) => {
      const ids = userIds.filter(isUuid);
      const rows: { customer_id: string }[] = ids.length
        ? await read((manager) =>
            manager.query(
              `SELECT DISTINCT customer_id FROM ${manager.getRepository(OrderEntity).metadata.tablePath}
                WHERE customer_id = ANY($1::uuid[])`,
              [ids],
            ),
          )
        : [];
      const customers = new Set(rows.map((row) => row.customer_id));
      return userIds.map((id) => customers.has(id));
    }),
  };
}

/**
 * A subscription's context lives as long as the subscription: each event gets new loaders, so
 * nothing an earlier event cached (a store's name, the kitchen's queue) is served again.
 */
export function renewLoaders(ctx: SubgraphContext & { loaders: OrdersLoaders }): void {
  ctx.loaders = createOrdersLoaders(ctx);
}
