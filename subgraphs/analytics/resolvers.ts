import type { PubSubEngine } from 'graphql-subscriptions';
import { mergeResolvers } from '../../common/graphql/merge-resolvers.ts';
import { DateTimeScalar } from '../../common/graphql/scalars.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { AnalyticsContext } from './context.ts';
import { customerInsightsResolvers } from './customer-insights.resolver.ts';
import type { CustomerModelCache } from './customer-models.ts';
import { forecastResolvers } from './forecast.resolver.ts';
import { insightsResolvers } from './insights.resolver.ts';
import { kpiResolvers } from './kpi.resolver.ts';
import { createAnalyticsLoaders } from './loaders.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

export const analyticsContext =
  (pubsub: PubSubEngine, models: CustomerModelCache) =>
  (base: SubgraphContext): AnalyticsContext => ({ ...base, pubsub, loaders: createAnalyticsLoaders(base, models) });

export const resolvers = mergeResolvers<Resolvers>(
  { DateTime: DateTimeScalar },
  kpiResolvers,
  customerInsightsResolvers,
  forecastResolvers,
  insightsResolvers,
);
