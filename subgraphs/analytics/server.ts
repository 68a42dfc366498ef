import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import type { SubgraphModule } from '../../common/service/subgraph-module.ts';
import { createCustomerModelCache } from './customer-models.ts';
import { createKpiNotifier } from './kpi-notifier.ts';
import { migrations } from './migrations/index.ts';
import { OrderFactEntity, OrderFactLineEntity } from './order-fact.entity.ts';
import { orderEventsConsumer } from './order-events.consumer.ts';
import { permissions } from './permissions.ts';
import { analyticsContext, resolvers } from './resolvers.ts';
import { HourlyProductSalesEntity, HourlySalesEntity } from './sales-rollup.entity.ts';
import { StoreProfileEntity } from './store-profile.entity.ts';

export const typeDefs = gql(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export const analyticsSubgraph: SubgraphModule = {
  name: 'analytics',
  database: {
    schema: 'analytics',
    entities: [StoreProfileEntity, OrderFactEntity, OrderFactLineEntity, HourlySalesEntity, HourlyProductSalesEntity],
    migrations,
  },
  definition: ({ pubsub }) => ({
    name: 'analytics',
    typeDefs,
    resolvers,
    permissions,
    extendContext: analyticsContext(pubsub, createCustomerModelCache()),
  }),
  consumers: ({ database, pubsub, logger }) => [orderEventsConsumer(database, createKpiNotifier(pubsub, logger))],
};
