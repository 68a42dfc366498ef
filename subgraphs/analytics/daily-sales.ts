import type { EntityManager } from 'typeorm';
import { addDays, localDate } from '../../common/time/zoned-time.ts';
import { daysIn, hourSpan, type DateRange } from './kpi-range.ts';
import { hourlySales } from './sales-queries.ts';

/** A store's sales per local day, every day of the range present (zero when nothing sold). */
export interface DailySales {
  dates: string[];
  orders: number[];
  /** Revenue per day in each currency sold in, minor units. */
  revenue: Map<string, number[]>;
}

/** The store's first local day with a sale; null when it has none. */
export async function firstSaleDate(manager: EntityManager, storeId: string, timeZone: string): Promise<string | null> {
  const [row]: { first: Date | null }[] = await manager.query(
    `SELECT min(s.hour) AS first FROM analytics.hourly_sales s WHERE s.store_id = $1 AND s.orders > 0`,
    [storeId],
  );
  return row?.first ? localDate(new Date(row.first), timeZone) : null;
}

export async function dailySales(
  manager: EntityManager,
  storeId: string,
  range: DateRange,
  timeZone: string,
): Promise<DailySales> {
  const days = daysIn(range);
  const dates = Array.from({ length: days }, (_, i) => addDays(range.from, i));
  const index = new Map(dates.map((date, i) => [date, i]));
  const orders = new Array<number>(days).fill(0);
  const revenue = new Map<string, number[]>();
  for (const row of await hourlySales(manager, { storeId, span: hourSpan(range, timeZone) })) {
    const day = index.get(localDate(row.hour, timeZone));
    if (day === undefined) continue;
    orders[day]! += row.orders;
    const amounts = revenue.get(row.currency) ?? new Array<number>(days).fill(0);
    amounts[day]! += row.revenue;
    revenue.set(row.currency, amounts);
  }
  return { dates, orders, revenue };
}
