import type { PubSubEngine } from 'graphql-subscriptions';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { OrdersLoaders } from './loaders.ts';

export interface OrdersContext extends SubgraphContext {
  loaders: OrdersLoaders;
  pubsub: PubSubEngine;
}
