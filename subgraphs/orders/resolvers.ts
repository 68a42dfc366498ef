import DataLoader from 'dataloader';
import { pageOf, toConnection } from '../../common/graphql/connection.ts';
import { byId } from '../../common/graphql/loaders.ts';
import { DateTimeScalar } from '../../common/graphql/scalars.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { OrdersContext } from './context.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';
import { storeService } from './store.service.ts';

export function extendOrdersContext(base: SubgraphContext): OrdersContext {
  return {
    ...base,
    loaders: {
      store: new DataLoader((ids) =>
        base.transaction((manager) => storeService.findByIds(manager, ids)).then(byId(ids)),
      ),
    },
  };
}

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
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
  },
  Store: {
    __resolveReference: ({ id }, ctx) => ctx.loaders.store.load(id),
    tenant: (store) => ({ __typename: 'Tenant', id: store.tenantId }),
  },
};
