import type { EntityManager } from 'typeorm';
import { badUserInput } from '../../common/graphql/errors.ts';
import { money, type Money } from '../../common/money/money.ts';
import { addDays, dayOfWeek, hourlyLocalTimes } from '../../common/time/zoned-time.ts';
import { distinctCustomers } from './customer-series.ts';
import { figureScope } from './kpi.service.ts';
import { checkRange, dayStart, daysIn, hourSpan, type DateRange } from './kpi-range.ts';
import { withoutJit } from './no-jit.ts';
import { addHours, HOUR_MS } from './sales-hour.ts';
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

/**
 * The index of the period each hour (epoch milliseconds) belongs to: the last that starts at or
 * before it. Hours are consecutive periods, counted from the first; longer ones are searched.
 */
function periodIndexer(periods: Period[], granularity: Granularity): (hour: number) => number {
  const starts = Float64Array.from(periods, (period) => period.start.getTime());
  if (granularity === 'HOUR') return (hour) => (hour - starts[0]!) / HOUR_MS;
  return (hour) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (starts[middle]! <= hour) low = middle;
      else high = middle - 1;
    }
    return low;
  };
}

const COUNT_OF: Partial<Record<KpiMetric, (row: HourRow) => number>> = {
  ORDERS: (row) => row.orders,
  ITEMS: (row) => row.items,
  NEW_CUSTOMERS: (row) => row.newCustomers,
};

/** One currency's amounts over the periods, and which periods sold in it. */
interface CurrencyColumn {
  currency: string;
  amounts: Float64Array;
  sold: Uint8Array;
}

/** A series as it is computed: counts or amounts per currency, one entry per period. */
interface SeriesValues {
  periods: Period[];
  counts: Float64Array | null;
  /** By currency, in code order. */
  amounts: CurrencyColumn[];
}

async function seriesValues(manager: EntityManager, request: TimeseriesRequest): Promise<SeriesValues> {
  const range = checkRange(request.range);
  if (request.granularity === 'HOUR' && daysIn(range) > MAX_HOURLY_DAYS) {
    throw badUserInput(`An hourly series covers at most ${MAX_HOURLY_DAYS} days`, 'range');
  }
  const storeId = request.storeId ?? null;
  await withoutJit(manager);
  const figures = await figureScope(manager, storeId, request.timeZone);
  if (!figures) return { periods: [], counts: null, amounts: [] };
  const { timeZone } = figures;
  const periods = periodsOf(range, request.granularity, timeZone);
  const scope: SalesScope = { storeId, span: hourSpan(range, timeZone) };

  if (request.metric === 'CUSTOMERS') {
    const counts = await distinctCustomers(manager, figures, request.granularity, range, scope.span, periods);
    return { periods, counts: Float64Array.from(periods, (_, index) => counts[index] ?? 0), amounts: [] };
  }
  const rows = await hourlySales(manager, scope);
  const periodOf = periodIndexer(periods, request.granularity);
  const countOf = COUNT_OF[request.metric];
  if (countOf) {
    const counts = new Float64Array(periods.length);
    for (const row of rows) counts[periodOf(row.hour.getTime())]! += countOf(row);
    return { periods, counts, amounts: [] };
  }
  const columns = new Map<string, CurrencyColumn & { orders: Float64Array }>();
  for (const row of rows) {
    let column = columns.get(row.currency);
    if (!column) {
      const [amounts, orders, sold] = [
        new Float64Array(periods.length),
        new Float64Array(periods.length),
        new Uint8Array(periods.length),
      ];
      column = { currency: row.currency, amounts, orders, sold };
      columns.set(row.currency, column);
    }
    const index = periodOf(row.hour.getTime());
    column.amounts[index]! += row.revenue;
    column.orders[index]! += row.orders;
    column.sold[index] = 1;
  }
  const currencies = [...columns.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
  if (request.metric === 'AVERAGE_ORDER_VALUE') {
    for (const { amounts, orders, sold } of currencies) {
      for (let index = 0; index < amounts.length; index++) {
        if (sold[index]) amounts[index] = Math.round(amounts[index]! / orders[index]!);
      }
    }
  }
  return {
    periods,
    counts: null,
    amounts: currencies.map(({ currency, amounts, sold }) => ({ currency, amounts, sold })),
  };
}

export async function timeseries(manager: EntityManager, request: TimeseriesRequest): Promise<TimeseriesPoint[]> {
  const { periods, counts, amounts } = await seriesValues(manager, request);
  return periods.map((period, index) => ({
    ...period,
    count: counts ? counts[index]! : null,
    amounts: amounts.filter(({ sold }) => sold[index]).map(({ currency, amounts }) => money(amounts[index]!, currency)),
  }));
}

export interface TimeseriesColumns {
  starts: Date[];
  labels: string[];
  counts: number[];
  amounts: { currency: string; amounts: number[] }[];
}

/**
 * A series column by column: entry n of every list is period n; each currency sold in gets a column,
 * 0 in the periods it did not sell in. No object per point: a long series is thousands of them.
 */
export async function timeseriesColumns(
  manager: EntityManager,
  request: TimeseriesRequest,
): Promise<TimeseriesColumns> {
  const { periods, counts, amounts } = await seriesValues(manager, request);
  return {
    starts: periods.map((period) => period.start),
    labels: periods.map((period) => period.label),
    counts: counts ? Array.from(counts) : [],
    amounts: amounts.map(({ currency, amounts }) => ({ currency, amounts: Array.from(amounts) })),
  };
}
