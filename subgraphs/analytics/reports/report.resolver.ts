import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { viewerOf } from '../dashboards/dashboard.resolver.ts';
import { rangeSpecView } from '../dashboards/range-spec.ts';
import { createReport, deleteReport, exportReport, findReport, listReports } from './report.service.ts';
import { deleteSchedule, scheduleReport, schedulesOf, setSchedulePaused } from './schedule.service.ts';

export const reportResolvers: Resolvers = {
  Query: {
    report: (_, { id }, ctx) => ctx.transaction((manager) => findReport(manager, id)),
    reports: (_, __, ctx) => ctx.transaction((manager) => listReports(manager)),
  },
  Mutation: {
    createReport: (_, { input }, ctx) => ctx.transaction((manager) => createReport(manager, viewerOf(ctx), input)),
    deleteReport: (_, { id }, ctx) => ctx.transaction((manager) => deleteReport(manager, id)),
    exportReport: (_, { id, format }, ctx) =>
      ctx.transaction((manager) => exportReport(manager, ctx.reportLinks, id, format)),
    scheduleReport: (_, { input }, ctx) =>
      ctx.transaction((manager) => scheduleReport(manager, ctx.identity.tenantId!, input)),
    pauseReportSchedule: (_, { id, paused }, ctx) =>
      ctx.transaction((manager) => setSchedulePaused(manager, id, paused)),
    deleteReportSchedule: (_, { id }, ctx) => ctx.transaction((manager) => deleteSchedule(manager, id)),
  },
  Report: {
    range: (report) => rangeSpecView(report.range),
    schedules: (report, _, ctx) => ctx.transaction((manager) => schedulesOf(manager, report.id)),
  },
};
