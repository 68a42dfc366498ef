import type { EntityManager } from 'typeorm';
import { badUserInput } from '../../common/graphql/errors.ts';
import { addDays, localDate } from '../../common/time/zoned-time.ts';
import { dailySales, firstSaleDate } from './daily-sales.ts';
import { timeZoneFor } from './kpi.service.ts';
import { daysIn, type DateRange } from './kpi-range.ts';
import { meanAbsolutePercentageError } from './models/backtest.ts';
import { fitHoltWinters, forecastHoltWinters } from './models/holt-winters.ts';
import { ModelInputError } from './models/model-input-error.ts';

export type ForecastMetric = 'REVENUE' | 'ORDERS';

export const FORECAST_HORIZONS = [30, 60, 90];
export const WEEK = 7;
/** Four weeks: the model itself needs two seasons, but two estimate a weekly pattern poorly. */
export const MIN_HISTORY_DAYS = 28;
/** The most recent year: older sales describe a store that may have changed. */
export const MAX_HISTORY_DAYS = 365;
const INTERVAL_LEVEL = 0.9;

export interface ForecastRequest {
  metric: ForecastMetric;
  horizonDays: number;
  storeId: string;
}

export interface ForecastPoint {
  date: string;
  expected: number;
  lower: number;
  upper: number;
}

export interface ForecastSeries {
  currency: string | null;
  fittedMape: number | null;
  points: ForecastPoint[];
}

export interface Forecast {
  storeId: string;
  metric: ForecastMetric;
  timeZone: string;
  history: DateRange;
  series: ForecastSeries[];
}

/** A forecaster for the backtest: the Holt-Winters means, never below zero. */
export const weeklyHoltWinters = (history: readonly number[], horizon: number): number[] =>
  forecastHoltWinters(fitHoltWinters(history, WEEK), horizon).map((point) => Math.max(point.mean, 0));

function forecastSeries(history: readonly number[], dates: string[], currency: string | null): ForecastSeries {
  const fit = fitHoltWinters(history, WEEK);
  const fittedMape = history.some((value) => value !== 0)
    ? meanAbsolutePercentageError(history, fit.fitted).mape
    : null;
  const points = forecastHoltWinters(fit, dates.length, INTERVAL_LEVEL).map((point, i) => ({
    date: dates[i]!,
    expected: Math.max(point.mean, 0),
    lower: Math.max(point.lower, 0),
    upper: Math.max(point.upper, 0),
  }));
  return { currency, fittedMape, points };
}

/** The store's sales history for a forecast made today: up to a year, ending yesterday, in its time zone. */
export async function forecastHistory(
  manager: EntityManager,
  storeId: string,
  timeZone: string,
  today: string,
): Promise<DateRange | null> {
  const first = await firstSaleDate(manager, storeId, timeZone);
  const to = addDays(today, -1);
  if (!first || first > to) return null;
  const earliest = addDays(to, -(MAX_HISTORY_DAYS - 1));
  return { from: first > earliest ? first : earliest, to };
}

export async function forecast(manager: EntityManager, request: ForecastRequest): Promise<Forecast | null> {
  if (!FORECAST_HORIZONS.includes(request.horizonDays)) {
    throw badUserInput(`horizonDays must be one of ${FORECAST_HORIZONS.join(', ')}`, 'horizonDays');
  }
  const timeZone = await timeZoneFor(manager, request.storeId, null);
  if (!timeZone) return null;
  const today = localDate(new Date(), timeZone);
  const history = await forecastHistory(manager, request.storeId, timeZone, today);
  const days = history ? daysIn(history) : 0;
  if (!history || days < MIN_HISTORY_DAYS) {
    throw badUserInput(
      `The store has ${days} days of sales history; a forecast needs at least ${MIN_HISTORY_DAYS}`,
      'storeId',
    );
  }
  const sales = await dailySales(manager, request.storeId, history, timeZone);
  const dates = Array.from({ length: request.horizonDays }, (_, i) => addDays(today, i));
  const histories: [string | null, number[]][] =
    request.metric === 'ORDERS' ? [[null, sales.orders]] : [...sales.revenue].sort(([a], [b]) => a.localeCompare(b));
  try {
    return {
      storeId: request.storeId,
      metric: request.metric,
      timeZone,
      history,
      series: histories.map(([currency, series]) => forecastSeries(series, dates, currency)),
    };
  } catch (error) {
    if (error instanceof ModelInputError) throw badUserInput(error.message, 'storeId');
    throw error;
  }
}
