import type { PubSubEngine } from 'graphql-subscriptions';
import { mergeResolvers } from '../../common/graphql/merge-resolvers.ts';
import { DateTimeScalar } from '../../common/graphql/scalars.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { AnalyticsContext } from './context.ts';
import { dashboardResolvers } from './dashboards/dashboard.resolver.ts';
import { kpiResolvers } from './kpi.resolver.ts';
import type { DownloadLinks } from './reports/download-link.ts';
import { reportResolvers } from './reports/report.resolver.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

export const analyticsContext =
  (pubsub: PubSubEngine, reportLinks: DownloadLinks | null) =>
  (base: SubgraphContext): AnalyticsContext => ({ ...base, pubsub, reportLinks });

export const resolvers = mergeResolvers<Resolvers>(
  { DateTime: DateTimeScalar },
  kpiResolvers,
  dashboardResolvers,
  reportResolvers,
);
