import type { EntityManager } from 'typeorm';
import { bucketRelation } from './bucket-relation.ts';
import { ALL_STORES, withTouchedDays, type DayScope } from './day-scopes.ts';
import type { StoreRef } from './event-batch.ts';
import type { HourSpan } from './kpi-range.ts';
import type { SalesBucket } from './rollup-refresh.ts';
import { tenantZones } from './tenant-zones.ts';

/** A daily rollup: the sums of an hourly one's rows over each day of a scope (`day-scopes.ts`). */
interface DailyRollup {
  /** The name both tables share after their `hourly_` and `daily_`. */
  name: 'sales' | 'product_sales' | 'payments';
  keys: string[];
  sums: string[];
  /** Columns that are the same in every hour of a key, taken as they are. */
  labels?: string[];
}

const SALES: DailyRollup = { name: 'sales', keys: ['currency'], sums: ['revenue', 'orders', 'items', 'new_customers'] };
const PRODUCT_SALES: DailyRollup = {
  name: 'product_sales',
  keys: ['product_id', 'currency'],
  sums: ['quantity', 'revenue'],
  labels: ['product_name'],
};
const PAYMENTS: DailyRollup = {
  name: 'payments',
  keys: ['provider', 'method', 'currency'],
  sums: ['collected', 'payments', 'refunded'],
};
export const SALES_ROLLUPS = [SALES, PRODUCT_SALES];
export const PAYMENT_ROLLUPS = [PAYMENTS];
const EVERY_ROLLUP = [...SALES_ROLLUPS, ...PAYMENT_ROLLUPS];

const columnsOf = (rollup: DailyRollup) => [...rollup.keys, ...rollup.sums, ...(rollup.labels ?? [])];
const totalsOf = (rollup: DailyRollup, alias: string) =>
  [
    ...rollup.keys.map((key) => `${alias}.${key}`),
    ...rollup.sums.map((sum) => `sum(${alias}.${sum})`),
    ...(rollup.labels ?? []).map((label) => `max(${alias}.${label})`),
  ].join(', ');
const keysOf = (rollup: DailyRollup, alias: string) => rollup.keys.map((key) => `${alias}.${key}`).join(', ');
const valuesOf = (rollup: DailyRollup, alias: string) =>
  columnsOf(rollup)
    .map((column) => `${alias}.${column}`)
    .join(', ');

/** Inserts a daily rollup's rows from `source`, which names the hourly rows `h` with their `tenant_id, scope_id, day`. */
const insertDays = (rollup: DailyRollup, source: string) =>
  `INSERT INTO analytics.daily_${rollup.name} (tenant_id, scope_id, day, ${columnsOf(rollup).join(', ')})
   SELECT h.tenant_id, h.scope_id, h.day, ${totalsOf(rollup, 'h')}
     FROM (${source}) h
    GROUP BY h.tenant_id, h.scope_id, h.day, ${keysOf(rollup, 'h')}`;

/**
 * Recomputes the daily rows of every scope-day the hours fall in, from the hourly rows (refreshed
 * first): derived, never incremented, so replays and reorders change nothing.
 */
export async function refreshDays(manager: EntityManager, rollups: DailyRollup[], hours: SalesBucket[]): Promise<void> {
  if (hours.length === 0) return;
  const { relation, params } = bucketRelation(hours);
  const days = withTouchedDays(relation);
  for (const rollup of rollups) {
    await manager.query(
      `${days} DELETE FROM analytics.daily_${rollup.name} r USING days d
        WHERE r.tenant_id = d.tenant_id AND r.scope_id = d.scope_id AND r.day = d.day`,
      params,
    );
    // A store's day reads its own hours by key, every store's the tenant's; each day a scan of its own.
    const inDay = `h.tenant_id = d.tenant_id AND h.hour >= d.start_at AND h.hour < d.end_at`;
    await manager.query(
      `${days} ${insertDays(
        rollup,
        `SELECT d.tenant_id, d.scope_id, d.day, ${valuesOf(rollup, 'h')} FROM days d
          CROSS JOIN LATERAL (SELECT ${columnsOf(rollup).join(', ')} FROM analytics.hourly_${rollup.name} h
                               WHERE d.store_id IS NOT NULL AND h.store_id = d.store_id AND ${inDay}
                              UNION ALL
                              SELECT ${columnsOf(rollup).join(', ')} FROM analytics.hourly_${rollup.name} h
                               WHERE d.store_id IS NULL AND ${inDay}
                              OFFSET 0) h`,
      )}`,
      params,
    );
  }
}

/** The hourly rows of the stores `where` picks (on hourly rows `h` and their store `s`), dated in the stores' own zones. */
const inStoreDays = (rollup: DailyRollup, where: string) =>
  `SELECT h.tenant_id, h.store_id AS scope_id, analytics.local_day(h.hour, s.timezone) AS day, ${valuesOf(rollup, 'h')}
     FROM analytics.hourly_${rollup.name} h JOIN analytics.stores s ON s.id = h.store_id WHERE ${where}`;

/** The tenant's hourly rows (tenant `$1`), dated in its zone (`$2`) as every store's. */
const inTenantDays = (rollup: DailyRollup) =>
  `SELECT h.tenant_id, '${ALL_STORES}'::uuid AS scope_id, analytics.local_day(h.hour, $2) AS day, ${valuesOf(rollup, 'h')}
     FROM analytics.hourly_${rollup.name} h WHERE h.tenant_id = $1`;

/** Rebuilds every daily row of a tenant from its hourly rows: for a backfill or a bulk load. */
export async function rebuildDays(manager: EntityManager, tenantId: string): Promise<void> {
  for (const rollup of EVERY_ROLLUP) {
    await manager.query(`DELETE FROM analytics.daily_${rollup.name} WHERE tenant_id = $1`, [tenantId]);
    await manager.query(insertDays(rollup, inStoreDays(rollup, 'h.tenant_id = $1')), [tenantId]);
  }
  await rebuildTenantDays(manager, [tenantId]);
}

/** Rebuilds the tenants' every-store daily rows: for tenants whose time zone changed. */
export async function rebuildTenantDays(manager: EntityManager, tenantIds: string[]): Promise<void> {
  for (const [tenantId, zone] of await tenantZones(manager, tenantIds)) {
    for (const rollup of EVERY_ROLLUP) {
      await manager.query(`DELETE FROM analytics.daily_${rollup.name} WHERE tenant_id = $1 AND scope_id = $2`, [
        tenantId,
        ALL_STORES,
      ]);
      await manager.query(insertDays(rollup, inTenantDays(rollup)), [tenantId, zone]);
    }
  }
}

/** Rebuilds the stores' own daily rows: for stores whose time zone analytics learned only now. */
export async function rebuildStoreDays(manager: EntityManager, stores: StoreRef[]): Promise<void> {
  if (stores.length === 0) return;
  const storeIds = stores.map((store) => store.storeId);
  for (const rollup of EVERY_ROLLUP) {
    await manager.query(`DELETE FROM analytics.daily_${rollup.name} WHERE scope_id = ANY($1::uuid[])`, [storeIds]);
    await manager.query(insertDays(rollup, inStoreDays(rollup, 'h.store_id = ANY($1::uuid[])')), [storeIds]);
  }
}

export interface RollupScope {
  storeId: string | null;
  span: HourSpan;
  days?: DayScope | null;
}

/**
 * Where a figure of a scope reads a rollup's rows, aliased `r`, with its three parameters from
 * `$first`: the daily rows of its dates when it is asked in the scope's own zone, the hourly rows of
 * its span otherwise.
 */
function rollupRows(name: DailyRollup['name'], { storeId, span, days }: RollupScope, first: number) {
  const [scope, from, to] = [first, first + 1, first + 2].map((index) => `$${index}`);
  return days
    ? {
        rows: `analytics.daily_${name} r WHERE r.scope_id = ${scope} AND r.day >= ${from}::date AND r.day <= ${to}::date`,
        params: [days.scopeId, days.from, days.to],
      }
    : {
        rows: `analytics.hourly_${name} r
                WHERE (${scope}::uuid IS NULL OR r.store_id = ${scope}) AND r.hour >= ${from} AND r.hour < ${to}`,
        params: [storeId, span.start, span.end],
      };
}

/**
 * The rows of several scopes (a period and the one it is compared with) in one relation `r`, each
 * tagged with its scope's index as `period`: one statement for both.
 */
export function periodRows(
  name: DailyRollup['name'],
  scopes: RollupScope[],
  columns: string[],
): { rows: string; params: unknown[] } {
  const parts = scopes.map((scope, index) => {
    const { rows, params } = rollupRows(name, scope, 1 + index * 3);
    return {
      select: `SELECT ${index} AS period, ${columns.map((column) => `r.${column}`).join(', ')} FROM ${rows}`,
      params,
    };
  });
  return {
    rows: `(${parts.map((part) => part.select).join(' UNION ALL ')}) r`,
    params: parts.flatMap((part) => part.params),
  };
}
