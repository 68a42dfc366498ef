import type { PubSubEngine } from 'graphql-subscriptions';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { OrdersLoaders } from './loaders.ts';
import type { OrderService } from './order.service.ts';

export interface OrdersContext extends SubgraphContext {
  loaders: OrdersLoaders;
  pubsub: PubSubEngine;
  orders: OrderService;
}
