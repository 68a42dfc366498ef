import type { PubSubEngine } from 'graphql-subscriptions';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { AnalyticsLoaders } from './loaders.ts';

export interface AnalyticsContext extends SubgraphContext {
  pubsub: PubSubEngine;
  loaders: AnalyticsLoaders;
}
