import { mergeResolvers } from '../../common/graphql/merge-resolvers.ts';
import { DateTimeScalar, MinorUnitsScalar } from '../../common/graphql/scalars.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { OrdersContext } from './context.ts';
import { inventoryResolvers } from './inventory.resolver.ts';
import { createOrdersLoaders } from './loaders.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';
import { catalogueResolvers } from './catalogue.resolver.ts';
import { orderResolvers } from './order.resolver.ts';
import { storeResolvers } from './store.resolver.ts';

export const ordersContext =
  (services: Pick<OrdersContext, 'pubsub' | 'orders'>) =>
  (base: SubgraphContext): OrdersContext => ({ ...base, ...services, loaders: createOrdersLoaders(base) });

export const resolvers = mergeResolvers<Resolvers>(
  { DateTime: DateTimeScalar, MinorUnits: MinorUnitsScalar },
  storeResolvers,
  catalogueResolvers,
  orderResolvers,
  inventoryResolvers,
);
