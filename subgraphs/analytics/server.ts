import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import type { SubgraphModule } from '../../common/service/subgraph-module.ts';
import { createKpiNotifier } from './kpi-notifier.ts';
import { migrations } from './migrations/index.ts';
import { OrderFactEntity, OrderFactLineEntity } from './order-fact.entity.ts';
import { orderEventsConsumer } from './order-events.consumer.ts';
import { permissions } from './permissions.ts';
import { DashboardEntity } from './dashboards/dashboard.entity.ts';
import { analyticsContext, resolvers } from './resolvers.ts';
import { createDownloadRoutes, sweepExpiredReportFiles } from './reports/download.routes.ts';
import { ReportEntity } from './reports/report.entity.ts';
import { ReportFileEntity } from './reports/report-file.entity.ts';
import { reportLinksFor } from './reports/report-links.ts';
import { createReportScheduler } from './reports/report-scheduler.ts';
import { ReportScheduleEntity } from './reports/report-schedule.entity.ts';
import { HourlyProductSalesEntity, HourlySalesEntity } from './sales-rollup.entity.ts';
import { StoreProfileEntity } from './store-profile.entity.ts';

export const typeDefs = gql(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export const analyticsSubgraph: SubgraphModule = {
  name: 'analytics',
  database: {
    schema: 'analytics',
    entities: [
      StoreProfileEntity,
      OrderFactEntity,
      OrderFactLineEntity,
      HourlySalesEntity,
      HourlyProductSalesEntity,
      DashboardEntity,
      ReportEntity,
      ReportFileEntity,
      ReportScheduleEntity,
    ],
    migrations,
  },
  definition: ({ pubsub, config, database }) => {
    const links = reportLinksFor(config);
    return {
      name: 'analytics',
      typeDefs,
      resolvers,
      permissions,
      extendContext: analyticsContext(pubsub, links),
      downloadRoutes: createDownloadRoutes(database, links),
    };
  },
  consumers: ({ database, pubsub, logger }) => [orderEventsConsumer(database, createKpiNotifier(pubsub, logger))],
  background: ({ config, database, mailer, logger }) => {
    const links = reportLinksFor(config);
    const sweep = { name: 'report-files-sweep', everyMs: 5 * 60_000, run: () => sweepExpiredReportFiles(database) };
    if (!links) return [sweep];
    const scheduler = createReportScheduler({ database, mailer, links, logger });
    return [sweep, { name: 'report-schedules', everyMs: 30_000, run: () => scheduler.tick(new Date()) }];
  },
};
