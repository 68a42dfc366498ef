import type { EntityManager } from 'typeorm';
import { badUserInput } from '../../common/graphql/errors.ts';
import { moneyList, type Money } from '../../common/money/money.ts';
import { addDays, dayOfWeek, localDate } from '../../common/time/zoned-time.ts';
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
    const hours: Period[] = [];
    for (let hour = start; hour < end; hour = addHours(hour, 1)) {
      hours.push({ start: hour, label: localDateTime(hour, timeZone) });
    }
    return hours;
  }
  const periods: Period[] = [];
  for (let date = range.from; date <= range.to; date = addDays(date, 1)) {
    if (date === range.from || startsNewPeriod[granularity](date)) {
      periods.push({ start: dayStart(date, timeZone), label: date });
    }
  }
  return periods;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Local date and time, YYYY-MM-DDTHH:MM: a zone off the whole hour shows its minutes. */
function localDateTime(instant: Date, timeZone: string): string {
  // A format costs far more to make than to use, and an hourly series labels thousands of hours.
  let time = timeFormats.get(timeZone);
  if (!time) {
    time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormats.set(timeZone, time);
  }
  return `${localDate(instant, timeZone)}T${time.format(instant)}`;
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
