import type { PubSubEngine } from 'graphql-subscriptions';
import { mergeResolvers } from '../../common/graphql/merge-resolvers.ts';
import { DateTimeScalar } from '../../common/graphql/scalars.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { AnalyticsContext } from './context.ts';
import { kpiResolvers } from './kpi.resolver.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

export const analyticsContext =
  (pubsub: PubSubEngine) =>
  (base: SubgraphContext): AnalyticsContext => ({ ...base, pubsub });

export const resolvers = mergeResolvers<Resolvers>({ DateTime: DateTimeScalar }, kpiResolvers);
