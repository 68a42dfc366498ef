import { pageOf, toConnection } from '../../common/graphql/connection.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';
import { isOpenAt } from './opening-hours.ts';
import { storeService } from './store.service.ts';

export const storeResolvers: Resolvers = {
  Query: {
    stores: async (_, args, ctx) => {
      const page = pageOf(args);
      const [stores, total] = await ctx.transaction((manager) => storeService.findPage(manager, page));
      return toConnection(stores, total, page);
    },
    store: (_, { id }, ctx) => ctx.loaders.store.load(id),
  },
  Mutation: {
    createStore: (_, { input }, ctx) =>
      ctx.transaction((manager) => storeService.create(manager, ctx.identity.tenantId!, input)),
    updateStore: (_, { input }, ctx) => ctx.transaction((manager) => storeService.update(manager, input)),
  },
  Store: {
    __resolveReference: ({ id }, ctx) => ctx.loaders.store.load(id),
    tenant: (store) => ({ __typename: 'Tenant', id: store.tenantId }),
    openNow: (store) => isOpenAt(store.openingHours, store.timezone, new Date()),
  },
};
