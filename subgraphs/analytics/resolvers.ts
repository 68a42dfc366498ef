import type { PubSubEngine } from 'graphql-subscriptions';
import { mergeResolvers } from '../../common/graphql/merge-resolvers.ts';
import { DateTimeScalar, MinorUnitsScalar } from '../../common/graphql/scalars.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { AnalyticsContext } from './context.ts';
import { customerInsightsResolvers } from './customer-insights.resolver.ts';
import type { CustomerModelCache } from './customer-models.ts';
import { dashboardResolvers } from './dashboards/dashboard.resolver.ts';
import { forecastResolvers } from './forecast.resolver.ts';
import { insightsResolvers } from './insights.resolver.ts';
import { kpiResolvers } from './kpi.resolver.ts';
import { createAnalyticsLoaders } from './loaders.ts';
import { platformKpiResolvers } from './platform/platform-kpis.resolver.ts';
import type { DownloadLinks } from './reports/download-link.ts';
import { reportResolvers } from './reports/report.resolver.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

export const analyticsContext =
  (pubsub: PubSubEngine, models: CustomerModelCache, reportLinks: DownloadLinks | null) =>
  (base: SubgraphContext): AnalyticsContext => ({
    ...base,
    pubsub,
    loaders: createAnalyticsLoaders(base, models),
    reportLinks,
  });

export const resolvers = mergeResolvers<Resolvers>(
  { DateTime: DateTimeScalar, MinorUnits: MinorUnitsScalar },
  kpiResolvers,
  dashboardResolvers,
  reportResolvers,
  customerInsightsResolvers,
  forecastResolvers,
  insightsResolvers,
  platformKpiResolvers,
);
