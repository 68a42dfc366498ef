import type { PubSubEngine } from 'graphql-subscriptions';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';

export interface AnalyticsContext extends SubgraphContext {
  pubsub: PubSubEngine;
}
