import type { EntityManager } from 'typeorm';
import { badUserInput } from '../../common/graphql/errors.ts';
import { moneyList, type Money } from '../../common/money/money.ts';
import { addDays, dayOfWeek, hourlyLocalTimes } from '../../common/time/zoned-time.ts';
import { distinctCustomers } from './customer-series.ts';
import { figureScope } from './kpi.service.ts';
import { checkRange, dayStart, daysIn, hourSpan, type DateRange } from './kpi-range.ts';
import { withoutJit } from './no-jit.ts';
import { addHours } from './sales-hour.ts';
import { hourlySales, type HourRow, type SalesScope } from './sales-queries.ts';

export type KpiMetric = 'REVENUE' | 'ORDERS' | 'ITEMS' | 'AVERAGE_ORDER_VALUE' | 'CUSTOMERS' | 'NEW_CUSTOMERS';
export type Granularity = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';

export interface TimeseriesPoint {
  start: Date;
  label: string;
  count: number | null;
  amounts: Money[];
}

export interface TimeseriesRequest {
  metric: KpiMetric;
  granularity: Granularity;
  range: DateRange;
  storeId?: string | null;
  timeZone?: string | null;
}

/** An hourly series of a long range is more than a chart can show. */
export const MAX_HOURLY_DAYS = 200;

export interface Period {
  start: Date;
  label: string;
}

const startsNewPeriod: Record<Exclude<Granularity, 'HOUR'>, (date: string) => boolean> = {
  DAY: () => true,
  WEEK: (date) => dayOfWeek(date) === 1,
  MONTH: (date) => date.endsWith('-01'),
};

/** The periods of the range in the zone, in order; the first and last may be cut short by the range. */
function periodsOf(range: DateRange, granularity: Granularity, timeZone: string): Period[] {
  if (granularity === 'HOUR') {
    const { start, end } = hourSpan(range, timeZone);
    const count = Math.round((end.getTime() - start.getTime()) / 3_600_000);
    return hourlyLocalTimes(start, count, timeZone).map((label, hour) => ({ start: addHours(start, hour), label }));
  }
  const periods: Period[] = [];
  for (let date = range.from; date <= range.to; date = addDays(date, 1)) {
    if (date === range.from || startsNewPeriod[granularity](date)) {
      periods.push({ start: dayStart(date, timeZone), label: date });
    }
  }
  return periods;
}

/** The index of the period an hour belongs to: the last that starts at or before it. */
function periodIndex(periods: Period[], hour: Date): number {
  let low = 0;
  let high = periods.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (periods[middle]!.start <= hour) low = middle;
    else high = middle - 1;
  }
  return low;
}

const COUNT_OF: Partial<Record<KpiMetric, (row: HourRow) => number>> = {
  ORDERS: (row) => row.orders,
  ITEMS: (row) => row.items,
  NEW_CUSTOMERS: (row) => row.newCustomers,
};

export async function timeseries(manager: EntityManager, request: TimeseriesRequest): Promise<TimeseriesPoint[]> {
  const range = checkRange(request.range);
  if (request.granularity === 'HOUR' && daysIn(range) > MAX_HOURLY_DAYS) {
    throw badUserInput(`An hourly series covers at most ${MAX_HOURLY_DAYS} days`, 'range');
  }
  const storeId = request.storeId ?? null;
  await withoutJit(manager);
  const figures = await figureScope(manager, storeId, request.timeZone);
  if (!figures) return [];
  const { timeZone } = figures;
  const periods = periodsOf(range, request.granularity, timeZone);
  const scope: SalesScope = { storeId, span: hourSpan(range, timeZone) };

  if (request.metric === 'CUSTOMERS') {
    const counts = await distinctCustomers(manager, figures, request.granularity, range, scope.span, periods);
    return periods.map((period, index) => ({ ...period, count: counts[index] ?? 0, amounts: [] }));
  }
  const rows = await hourlySales(manager, scope);
  const countOf = COUNT_OF[request.metric];
  if (countOf) {
    const counts = periods.map(() => 0);
    for (const row of rows) counts[periodIndex(periods, row.hour)]! += countOf(row);
    return periods.map((period, index) => ({ ...period, count: counts[index]!, amounts: [] }));
  }
  const totals = periods.map(() => new Map<string, { revenue: number; orders: number }>());
  for (const row of rows) {
    const byCurrency = totals[periodIndex(periods, row.hour)]!;
    const total = byCurrency.get(row.currency) ?? { revenue: 0, orders: 0 };
    byCurrency.set(row.currency, { revenue: total.revenue + row.revenue, orders: total.orders + row.orders });
  }
  const amountOf =
    request.metric === 'REVENUE'
      ? (total: { revenue: number }) => total.revenue
      : (total: { revenue: number; orders: number }) => Math.round(total.revenue / total.orders);
  return periods.map((period, index) => ({
    ...period,
    count: null,
    amounts: moneyList(Object.fromEntries([...totals[index]!].map(([currency, total]) => [currency, amountOf(total)]))),
  }));
}

export interface TimeseriesColumns {
  starts: Date[];
  labels: string[];
  counts: number[];
  amounts: { currency: string; amounts: number[] }[];
}

/** A series column by column: entry n of every list is period n; each currency sold in gets a column. */
export function asColumns(points: TimeseriesPoint[]): TimeseriesColumns {
  const currencies = [...new Set(points.flatMap((point) => point.amounts.map((money) => money.currency)))].sort();
  const columns = new Map(currencies.map((currency) => [currency, points.map(() => 0)]));
  points.forEach((point, index) => {
    for (const money of point.amounts) columns.get(money.currency)![index] = money.amount;
  });
  return {
    starts: points.map((point) => point.start),
    labels: points.map((point) => point.label),
    counts: points.every((point) => point.count === null) ? [] : points.map((point) => point.count ?? 0),
    amounts: currencies.map((currency) => ({ currency, amounts: columns.get(currency)! })),
  };
}
