import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import { httpEventSource } from '../../common/events/outbox-feed-client.ts';
import { requireKey } from '../../common/identity/keys.ts';
import { perSubgraph } from '../../common/service/per-subgraph.ts';
import type { SubgraphModule } from '../../common/service/subgraph-module.ts';
import { createCatchUp } from './catch-up.ts';
import { CustomerNumberEntity, DailyCustomersEntity } from './daily-customers.entity.ts';
import { DailyPaymentsEntity, DailyProductSalesEntity, DailySalesEntity } from './daily-rollups.entity.ts';
import { EventCursorEntity } from './event-cursor.entity.ts';
import { createKpiNotifier } from './kpi-notifier.ts';
import { createCustomerModelCache } from './customer-models.ts';
import { migrations } from './migrations/index.ts';
import { OrderFactEntity, OrderFactLineEntity } from './order-fact.entity.ts';
import { orderEventsConsumer } from './order-events.consumer.ts';
import { PaymentFactEntity, PaymentRefundFactEntity } from './payment-fact.entity.ts';
import { HourlyPaymentsEntity } from './payment-rollup.entity.ts';
import { permissions } from './permissions.ts';
import { AcquisitionSpendEntity } from './platform/acquisition-spend.entity.ts';
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
import { TenantProfileEntity } from './tenant-profile.entity.ts';

export const typeDefs = gql(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

/** The services whose outboxes analytics learns from. */
export const EVENT_SOURCES = ['tenant', 'orders', 'payments'] as const;
const CATCH_UP_EVERY_MS = 30_000;

// The consumer and the background task share one catch-up and notifier per started subgraph.
const ingestionOf = perSubgraph(({ pubsub, logger, keys, serviceUrl, database }) => {
  const signingKey = requireKey(keys.events?.privateKey, 'EVENTS_SIGNING_KEY');
  const sources = EVENT_SOURCES.map((source) =>
    httpEventSource(source, () => serviceUrl(source), 'analytics', signingKey),
  );
  const notifier = createKpiNotifier(pubsub, logger);
  return { notifier, catchUp: createCatchUp(database, sources, notifier, logger) };
});

export const analyticsSubgraph: SubgraphModule = {
  name: 'analytics',
  database: {
    schema: 'analytics',
    entities: [
      StoreProfileEntity,
      TenantProfileEntity,
      OrderFactEntity,
      OrderFactLineEntity,
      HourlySalesEntity,
      HourlyProductSalesEntity,
      CustomerNumberEntity,
      DailyCustomersEntity,
      DailySalesEntity,
      DailyProductSalesEntity,
      DailyPaymentsEntity,
      DashboardEntity,
      ReportEntity,
      ReportFileEntity,
      ReportScheduleEntity,
      PaymentFactEntity,
      PaymentRefundFactEntity,
      HourlyPaymentsEntity,
      EventCursorEntity,
      AcquisitionSpendEntity,
    ],
    migrations,
  },
  definition: ({ pubsub, config, database, logger }) => {
    const links = reportLinksFor(config);
    return {
      name: 'analytics',
      typeDefs,
      resolvers,
      permissions,
      auditedQueries: ['acquisitionSpend'],
      extendContext: analyticsContext(pubsub, createCustomerModelCache({ logger }), links),
      downloadRoutes: createDownloadRoutes(database, links),
    };
  },
  consumers: (deps) => {
    const { notifier, catchUp } = ingestionOf(deps);
    return [orderEventsConsumer(deps.database, notifier, catchUp)];
  },
  background: (deps) => {
    const { config, database, mailer, logger } = deps;
    const catchUp = {
      name: 'event catch-up',
      everyMs: CATCH_UP_EVERY_MS,
      atStart: true,
      run: () => ingestionOf(deps).catchUp.run(),
    };
    const sweep = { name: 'report-files-sweep', everyMs: 5 * 60_000, run: () => sweepExpiredReportFiles(database) };
    const links = reportLinksFor(config);
    if (!links) return [catchUp, sweep];
    const scheduler = createReportScheduler({ database, mailer, links, logger });
    return [catchUp, sweep, { name: 'report-schedules', everyMs: 30_000, run: () => scheduler.tick(new Date()) }];
  },
};
