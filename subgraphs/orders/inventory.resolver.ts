import { notFound } from '../../common/graphql/errors.ts';
import { isUuid } from '../../common/database/uuid.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';
import type { OrdersContext } from './context.ts';
import type { StockLevel } from './ingredient.entity.ts';
import { inventoryService } from './inventory.service.ts';
import { refusable } from '../../common/graphql/user-error.ts';
import { lowStockTopic, type LowStockMessage } from './live-topics.ts';
import { renewLoaders } from './loaders.ts';
import { storeService } from './store.service.ts';

export const inventoryResolvers: Resolvers = {
  Query: {
    inventory: (_, { storeId }, ctx) =>
      ctx.transaction((manager) => inventoryService.findStockLevels(manager, storeId)),
    ingredients: (_, __, ctx) => ctx.transaction((manager) => inventoryService.findIngredients(manager)),
  },
  Mutation: {
    createIngredient: (_, { input }, ctx) =>
      refusable(() =>
        ctx.transaction((manager) => inventoryService.createIngredient(manager, ctx.identity.tenantId!, input)),
      ),
    setRecipe: (_, { input }, ctx) => ctx.transaction((manager) => inventoryService.setRecipe(manager, input)),
    restock: (_, { input }, ctx) =>
      refusable(() => ctx.transaction((manager) => inventoryService.restock(manager, input))),
  },
  Subscription: {
    lowStock: {
      subscribe: async (_, { storeId }, ctx) => {
        const [store] = isUuid(storeId)
          ? await ctx.transaction((manager) => storeService.findByIds(manager, [storeId]))
          : [];
        if (!store) throw notFound('No such store');
        return ctx.pubsub.asyncIterableIterator<LowStockMessage>(lowStockTopic(store.id));
      },
      // Messages carry ids only: the level is read now, under the subscriber's own tenant.
      resolve: async (message: LowStockMessage, _args: unknown, ctx: OrdersContext): Promise<StockLevel> => {
        renewLoaders(ctx);
        const level = await ctx.transaction((manager) =>
          inventoryService.findStockLevel(manager, message.storeId, message.ingredientId),
        );
        if (!level) throw notFound('No such stock level');
        return level;
      },
    },
  },
  StockLevel: {
    ingredient: (level, _, ctx) => ctx.loaders.ingredient.load(level.ingredientId).then(required('ingredient')),
    store: (level, _, ctx) => ctx.loaders.store.load(level.storeId).then(required('store')),
    low: (level) => level.quantity <= level.lowStockThreshold,
  },
  RecipeComponent: {
    ingredient: (component, _, ctx) => ctx.loaders.ingredient.load(component.ingredientId).then(required('ingredient')),
  },
};

/** A row's reference to another of the same tenant's rows, which is always there to read. */
const required =
  (what: string) =>
  <T>(row: T | null): T => {
    if (!row) throw new Error(`A referenced ${what} is missing`);
    return row;
  };
