import type { AnalyticsContext } from '../context.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import {
  createDashboard,
  deleteDashboard,
  findDashboard,
  listDashboards,
  updateDashboard,
} from './dashboard.service.ts';
import { rangeSpecView } from './range-spec.ts';
import { widgetData } from './widget-data.ts';

export const viewerOf = (ctx: AnalyticsContext) => ({ tenantId: ctx.identity.tenantId!, userId: ctx.identity.userId! });

export const dashboardResolvers: Resolvers = {
  Query: {
    dashboard: (_, { id }, ctx) => ctx.transaction((manager) => findDashboard(manager, viewerOf(ctx), id)),
    dashboards: (_, __, ctx) => ctx.transaction((manager) => listDashboards(manager, viewerOf(ctx))),
  },
  Mutation: {
    createDashboard: (_, { input }, ctx) =>
      ctx.transaction((manager) => createDashboard(manager, viewerOf(ctx), input)),
    updateDashboard: (_, { input }, ctx) =>
      ctx.transaction((manager) => updateDashboard(manager, viewerOf(ctx), input)),
    deleteDashboard: (_, { id }, ctx) => ctx.transaction((manager) => deleteDashboard(manager, viewerOf(ctx), id)),
  },
  Dashboard: {
    ownedByMe: (dashboard, _, ctx) => dashboard.ownerId === ctx.identity.userId,
  },
  Widget: {
    range: (widget) => rangeSpecView(widget.range),
    data: (widget, _, ctx) =>
      ctx.transaction((manager) => widgetData(manager, ctx.identity.tenantId!, widget, new Date())),
  },
  WidgetData: {
    __resolveType: (data) => data.__typename!,
  },
};
