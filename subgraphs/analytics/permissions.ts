import { allow, and, hasRole, hasScope, isTenantCaller, or, sameTenant } from '../../common/graphql/rules.ts';

// Sales figures are the managers' business; integrations read them with analytics:read.
const readsSales = or(hasRole('OWNER', 'ADMIN', 'MANAGER'), hasScope('analytics:read'));
// Dashboards and reports are saved by people: a user's own (the services keep edits to a dashboard's creator).
const salesStaff = hasRole('OWNER', 'ADMIN', 'MANAGER');

/** Who may do what; anything not named here is denied. Row-level security filters what remains. */
export const permissions = {
  Query: {
    kpis: readsSales,
    timeseries: readsSales,
    dashboard: salesStaff,
    dashboards: salesStaff,
    report: salesStaff,
    reports: salesStaff,
  },
  Mutation: {
    createDashboard: salesStaff,
    updateDashboard: salesStaff,
    deleteDashboard: salesStaff,
    createReport: salesStaff,
    deleteReport: salesStaff,
    exportReport: salesStaff,
    scheduleReport: salesStaff,
    pauseReportSchedule: salesStaff,
    deleteReportSchedule: salesStaff,
  },
  Subscription: {
    kpiUpdated: readsSales,
  },
  KpiSnapshot: and(isTenantCaller, sameTenant),
  DateRange: allow,
  Money: allow,
  CountFigure: allow,
  MoneyFigure: allow,
  RateFigure: allow,
  ProductFigure: allow,
  PaymentMixFigure: allow,
  TimeseriesPoint: allow,
  UserError: allow,
  DeletePayload: allow,
  RangeSpec: allow,
  Widget: allow,
  KpiTileData: allow,
  TimeseriesData: allow,
  TopProductsData: allow,
  CohortHeatmapData: allow,
  CohortRow: allow,
  ReportTable: allow,
  ReportRow: allow,
  Dashboard: and(isTenantCaller, sameTenant),
  DashboardPayload: allow,
  Report: and(isTenantCaller, sameTenant),
  ReportPayload: allow,
  ReportExport: allow,
  ReportExportPayload: allow,
  ReportSchedule: and(isTenantCaller, sameTenant),
  ReportSchedulePayload: allow,
};
