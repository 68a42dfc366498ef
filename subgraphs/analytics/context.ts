import type { PubSubEngine } from 'graphql-subscriptions';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import type { AnalyticsLoaders } from './loaders.ts';
import type { DownloadLinks } from './reports/download-link.ts';

export interface AnalyticsContext extends SubgraphContext {
  pubsub: PubSubEngine;
  loaders: AnalyticsLoaders;
  /** Signs report download links; null in production without REPORT_LINK_SECRET. */
  reportLinks: DownloadLinks | null;
}
