import type { EntityManager } from 'typeorm';
import { ownScope, type ZonedScope } from './day-scopes.ts';
import type { DateRange } from './kpi-range.ts';
import { cohortMatrix, type Cohort, type CohortCount } from './models/cohort-retention.ts';
import { isSale } from './sales-hour.ts';
import type { StoreProfile } from './store-profile.entity.ts';

/** Months from year 0 of a date column: consecutive months are consecutive numbers. */
const MONTH_OF = (date: string) => `(extract(year FROM ${date}) * 12 + extract(month FROM ${date}) - 1)::int`;

/**
 * Per cohort (month of first sale) and months since, the customers active, from each month's customer
 * set: a month's OR of its days' sets, a cohort the month's set less every earlier month's.
 */
const FROM_DAILY_SETS = `
  WITH months AS (
    SELECT ${MONTH_OF('d.day')} AS month, bit_or(d.customers) AS customers FROM analytics.daily_customers d
     WHERE d.scope_id = $1 AND ($2::date IS NULL OR d.day >= $2::date) AND ($3::date IS NULL OR d.day <= $3::date)
     GROUP BY 1),
  cohorts AS (
    SELECT m.month, CASE WHEN m.before IS NULL THEN m.customers ELSE m.customers & ~m.before END AS customers
      FROM (SELECT month, customers,
                   bit_or(customers) OVER (ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
              FROM months) m)
  SELECT c.month AS first, m.month - c.month AS since, bit_count(c.customers & m.customers)::int AS customers
    FROM cohorts c JOIN months m ON m.month >= c.month
   WHERE bit_count(c.customers) > 0`;

/** The same from the facts, for a zone other than the scope's own. */
const FROM_FACTS = `
  WITH months AS (
    SELECT DISTINCT f.customer_id, ${MONTH_OF('analytics.local_day(f.placed_at, $4)')} AS month
      FROM analytics.order_facts f
     WHERE f.customer_id IS NOT NULL AND ${isSale('f')} AND ($1::uuid IS NULL OR f.store_id = $1)
       AND ($2::timestamptz IS NULL OR f.placed_at >= $2) AND ($3::timestamptz IS NULL OR f.placed_at < $3)),
  firsts AS (SELECT customer_id, min(month) AS first FROM months GROUP BY customer_id)
  SELECT f.first, m.month - f.first AS since, count(*)::int AS customers
    FROM months m JOIN firsts f USING (customer_id) GROUP BY 1, 2`;

export interface CohortScope extends ZonedScope {
  store: StoreProfile | null;
  /** Only the sales of these dates; every sale when absent. */
  range?: DateRange | null;
  /** The span of those dates, for a zone other than the scope's own. */
  span?: { start: Date; end: Date } | null;
}

/** The cohort retention matrix of a scope's customers, by month of first sale (of the sales in range). */
export async function cohortsOf(manager: EntityManager, scope: CohortScope): Promise<Cohort[]> {
  const { store, timeZone, range, span } = scope;
  const scopeId = ownScope(scope);
  const counts: CohortCount[] = scopeId
    ? await manager.query(FROM_DAILY_SETS, [scopeId, range?.from ?? null, range?.to ?? null])
    : await manager.query(FROM_FACTS, [store?.id ?? null, span?.start ?? null, span?.end ?? null, timeZone]);
  const lastMonth = Math.max(...counts.map((count) => count.first + count.since));
  return cohortMatrix(counts, lastMonth);
}
