import { allow, and, hasRole, hasScope, isTenantCaller, or, sameTenant } from '../../common/graphql/rules.ts';

// Sales figures are the managers' business; integrations read them with analytics:read.
const readsSales = or(hasRole('OWNER', 'ADMIN', 'MANAGER'), hasScope('analytics:read'));

/** Who may do what; anything not named here is denied. Row-level security filters what remains. */
export const permissions = {
  Query: {
    kpis: readsSales,
    timeseries: readsSales,
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
};
