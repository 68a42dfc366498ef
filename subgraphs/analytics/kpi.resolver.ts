import { notFound } from '../../common/graphql/errors.ts';
import type { AnalyticsContext } from './context.ts';
import { kpis, todaysKpis, type KpiSnapshot } from './kpi.service.ts';
import { storeKpiTopic, type KpiChangedMessage } from './live-topics.ts';
import { timeseries, timeseriesColumns } from './timeseries.service.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

const tenantOf = (ctx: AnalyticsContext) => ctx.identity.tenantId!;

/** The store's figures now, read under the subscriber's own tenant; another tenant's message tells it nothing. */
const currentSnapshot = async (message: KpiChangedMessage, ctx: AnalyticsContext): Promise<KpiSnapshot> => {
  const snapshot =
    message.tenantId === ctx.identity.tenantId
      ? await ctx.transaction((manager) => todaysKpis(manager, tenantOf(ctx), message.storeId))
      : null;
  if (!snapshot) throw notFound('No such store');
  return snapshot;
};

export const kpiResolvers: Resolvers = {
  Query: {
    kpis: (_, args, ctx) => ctx.transaction((manager) => kpis(manager, tenantOf(ctx), args)),
    timeseries: (_, args, ctx) => ctx.transaction((manager) => timeseries(manager, args)),
    timeseriesColumns: (_, args, ctx) => ctx.transaction((manager) => timeseriesColumns(manager, args)),
  },
  Subscription: {
    kpiUpdated: {
      subscribe: async (_, { storeId }, ctx) => {
        const snapshot = await ctx.transaction((manager) => todaysKpis(manager, tenantOf(ctx), storeId));
        if (!snapshot) throw notFound('No such store');
        return ctx.pubsub.asyncIterableIterator(storeKpiTopic(storeId)) as never;
      },
      resolve: (message: unknown, _args: unknown, ctx: AnalyticsContext) =>
        currentSnapshot(message as KpiChangedMessage, ctx),
    },
  },
};
