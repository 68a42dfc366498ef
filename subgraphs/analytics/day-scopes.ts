import type { DateRange } from './kpi-range.ts';
import { tenantZoneOf } from './tenant-zones.ts';

/**
 * Daily rollups keep two kinds of row: one per store and date in the store's own time zone (its scope
 * is the store's id), and one per tenant and date in the tenant's time zone for every store together
 * (its scope is `ALL_STORES`). A date is the UTC hours that begin in it, as for the hourly rollups
 * (`hourSpan`), so a day's row is exactly the sum of its hours. A range asked in its scope's own zone reads whole
 * days; one asked in any other zone reads the hourly rollups.
 */
export interface DayScope {
  scopeId: string;
  from: string;
  to: string;
}

/** The scope of the rows for every store of the tenant. */
export const ALL_STORES = '00000000-0000-0000-0000-000000000000';

/** Figures of one store (or all, null) read in `timeZone`; their scope's daily rows are dated in `ownZone`. */
export interface ZonedScope {
  store: { id: string } | null;
  timeZone: string;
  ownZone: string;
}

/** The scope whose daily rows answer figures asked in this zone, or null when it is not the scope's own. */
export function ownScope({ store, timeZone, ownZone }: ZonedScope): string | null {
  if (timeZone !== ownZone) return null;
  return store ? store.id : ALL_STORES;
}

/** The daily rows that answer this range, or null when the zone asked is not the scope's own. */
export function dayScope(scope: ZonedScope, range: DateRange): DayScope | null {
  const scopeId = ownScope(scope);
  return scopeId ? { scopeId, from: range.from, to: range.to } : null;
}

/**
 * A statement's `days`: the scope-days the hours of a relation `t(tenant_id, store_id, hour)` fall in,
 * as rows `(tenant_id, scope_id, store_id, day, start_at, end_at)`, `store_id` null for all stores',
 * `[start_at, end_at)` the day's UTC hours. A store analytics has no profile of yet has no days of its
 * own. Materialized: inlined, the day functions would reach the rollups' scans, and under row-level
 * security a condition with a function not known to be leakproof cannot use their indexes.
 */
export const withTouchedDays = (relation: string) => `WITH days AS MATERIALIZED (
  SELECT d.tenant_id, d.scope_id, d.store_id, d.day,
         analytics.day_start(d.day, d.time_zone) AS start_at, analytics.day_start(d.day + 1, d.time_zone) AS end_at
    FROM (SELECT DISTINCT t.tenant_id, t.store_id AS scope_id, t.store_id, analytics.local_day(t.hour, s.timezone) AS day,
                 s.timezone AS time_zone
            FROM ${relation} JOIN analytics.stores s ON s.id = t.store_id
          UNION
          SELECT DISTINCT t.tenant_id, '${ALL_STORES}'::uuid, NULL::uuid, analytics.local_day(t.hour, z.zone), z.zone
            FROM ${relation} CROSS JOIN LATERAL (SELECT ${tenantZoneOf('t.tenant_id')} AS zone) z) d)`;
