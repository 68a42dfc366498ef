import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import { requireKey } from '../../common/identity/keys.ts';
import type { SubgraphModule } from '../../common/service/subgraph-module.ts';
import { liveUpdatesConsumer } from './live-updates.consumer.ts';
import { migrations } from './migrations/index.ts';
import { paymentStatusConsumer } from './payment-status.consumer.ts';
import { permissions } from './permissions.ts';
import { inventoryService } from './inventory.service.ts';
import { createOrderService } from './order.service.ts';
import { ordersContext, resolvers } from './resolvers.ts';
import { seedOrdersDemo } from './seed.ts';
import { IngredientEntity, RecipeComponentEntity, StockLevelEntity } from './ingredient.entity.ts';
import { MenuCategoryEntity } from './menu-category.entity.ts';
import { ModifierGroupEntity, ModifierOptionEntity } from './modifier-group.entity.ts';
import { OrderEntity, OrderLineEntity } from './order.entity.ts';
import { ProductEntity, ProductVariantEntity } from './product.entity.ts';
import { StoreProductEntity } from './store-product.entity.ts';
import { StoreEntity } from './store.entity.ts';

export const typeDefs = gql(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export const ordersSubgraph: SubgraphModule = {
  name: 'orders',
  database: {
    schema: 'orders',
    entities: [
      StoreEntity,
      MenuCategoryEntity,
      ProductEntity,
      ProductVariantEntity,
      ModifierGroupEntity,
      ModifierOptionEntity,
      StoreProductEntity,
      OrderEntity,
      OrderLineEntity,
      IngredientEntity,
      RecipeComponentEntity,
      StockLevelEntity,
    ],
    migrations,
  },
  definition: ({ pubsub }) => ({
    name: 'orders',
    typeDefs,
    resolvers,
    permissions,
    extendContext: ordersContext({ pubsub, orders: createOrderService(inventoryService) }),
  }),
  eventFeedKey: ({ keys }) => requireKey(keys.events?.publicKey, 'EVENTS_VERIFY_KEY'),
  consumers: ({ database, pubsub }) => [liveUpdatesConsumer(pubsub), paymentStatusConsumer(database)],
  seedDemo: ({ database, config, logger }) =>
    seedOrdersDemo(database, { historyDays: config.DEMO_HISTORY_DAYS, logger }),
};
