import { allow, and, hasRole, hasScope, isTenantCaller, or, sameTenant } from '../../common/graphql/rules.ts';

// Sales figures are the managers' business; integrations read them with analytics:read.
const readsSales = or(hasRole('OWNER', 'ADMIN', 'MANAGER'), hasScope('analytics:read'));

/** Who may do what; anything not named here is denied. Row-level security filters what remains. */
export const permissions = {
  Query: {
    kpis: readsSales,
    timeseries: readsSales,
    customerSegments: readsSales,
    cohortRetention: readsSales,
    forecast: readsSales,
    insights: readsSales,
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
  TimeseriesPoint: allow,
  // What a customer's purchases say of them is the business's judgement, not the customer's data:
  // managers see it, the customer and the baristas do not.
  User: { id: isTenantCaller, insights: readsSales },
  CustomerInsights: readsSales,
  CustomerPrediction: readsSales,
  RfmScores: allow,
  Interval: allow,
  MoneyInterval: allow,
  CustomerSegmentSummary: readsSales,
  Cohort: allow,
  Forecast: readsSales,
  ForecastSeries: allow,
  ForecastPoint: allow,
  InsightReport: readsSales,
  RevenueAnomaly: allow,
  ProductMover: allow,
  StorePerformance: allow,
};
