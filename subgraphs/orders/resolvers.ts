import DataLoader from 'dataloader';
import { pageOf, toConnection, type ConnectionArgs } from '../../common/graphql/connection.ts';
import { byId } from '../../common/graphql/loaders.ts';
import { DateTimeScalar } from '../../common/graphql/scalars.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { OrdersContext } from './context.ts';
import type { Store } from './store.entity.ts';
import { storeService, type CreateStoreInput } from './store.service.ts';

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

export const resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    stores: async (_: unknown, args: ConnectionArgs, ctx: OrdersContext) => {
      const page = pageOf(args);
      const [stores, total] = await ctx.transaction((manager) => storeService.findPage(manager, page));
      return toConnection(stores, total, page);
    },
    store: (_: unknown, { id }: { id: string }, ctx: OrdersContext) => ctx.loaders.store.load(id),
  },
  Mutation: {
    createStore: (_: unknown, { input }: { input: CreateStoreInput }, ctx: OrdersContext) =>
      ctx.transaction((manager) => storeService.create(manager, ctx.identity.tenantId!, input)),
  },
  Store: {
    __resolveReference: ({ id }: { id: string }, ctx: OrdersContext) => ctx.loaders.store.load(id),
    tenant: (store: Store) => ({ __typename: 'Tenant', id: store.tenantId }),
  },
};
