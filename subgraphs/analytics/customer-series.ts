import type { EntityManager } from 'typeorm';
import { dayScope } from './day-scopes.ts';
import type { DateRange, HourSpan } from './kpi-range.ts';
import type { FigureScope } from './kpi.service.ts';
import { isSale } from './sales-hour.ts';
import type { Granularity, Period } from './timeseries.service.ts';

/**
 * Distinct customers per period (`width_bucket` over the periods' starts gives each row its period,
 * 1 for the first). Days in the scope's own zone OR the daily customer sets; a store's hours read its
 * hourly rollup (a store sells in one currency, so an hour's one row counts each customer once); any
 * other series counts the facts.
 */
export async function distinctCustomers(
  manager: EntityManager,
  figures: FigureScope,
  granularity: Granularity,
  range: DateRange,
  span: HourSpan,
  periods: Period[],
): Promise<number[]> {
  const { store } = figures;
  const scope = granularity === 'HOUR' ? null : dayScope(figures, range);
  const starts = periods.map((period) => period.start.toISOString());
  const rows: { period: number; customers: string }[] = scope
    ? await manager.query(
        `SELECT width_bucket(d.day, $2::date[]) AS period, bit_count(bit_or(d.customers)) AS customers
           FROM analytics.daily_customers d
          WHERE d.scope_id = $1 AND d.day >= $3::date AND d.day <= $4::date GROUP BY 1`,
        [scope.scopeId, periods.map((period) => period.label), range.from, range.to],
      )
    : granularity === 'HOUR' && store
      ? await manager.query(
          `SELECT width_bucket(s.hour, $2::timestamptz[]) AS period, sum(s.customers) AS customers
             FROM analytics.hourly_sales s
            WHERE s.store_id = $1 AND s.hour >= $3 AND s.hour < $4 GROUP BY 1`,
          [store.id, starts, span.start, span.end],
        )
      : await manager.query(
          `SELECT width_bucket(f.placed_at, $2::timestamptz[]) AS period, count(DISTINCT f.customer_id) AS customers
             FROM analytics.order_facts f
            WHERE f.customer_id IS NOT NULL AND ${isSale('f')} AND ($1::uuid IS NULL OR f.store_id = $1)
              AND f.placed_at >= $3 AND f.placed_at < $4 GROUP BY 1`,
          [store?.id ?? null, starts, span.start, span.end],
        );
  const counts = periods.map(() => 0);
  for (const row of rows) if (row.period >= 1) counts[row.period - 1] = Number(row.customers);
  return counts;
}
