import { minorUnitDigits } from '../../../common/money/money.ts';
import type { KpiMetric } from '../timeseries.service.ts';
import type { ReportRow, ReportTable } from './report-table.ts';

export const MONEY_METRICS: ReadonlySet<KpiMetric> = new Set(['REVENUE', 'AVERAGE_ORDER_VALUE']);

/** Column headings of a rendered report, in order. */
export const columnsOf = (table: ReportTable): string[] => [
  'period',
  'store_id',
  'currency',
  ...table.metrics.map((metric) => metric.toLowerCase()),
];

/** A metric's value as a number in the currency's major unit (12.5 for 1250 cents) or as a count. */
export const displayValue = (metric: KpiMetric, row: ReportRow, value: number): number =>
  MONEY_METRICS.has(metric) ? value / 10 ** minorUnitDigits(row.currency) : value;

/** The same value as text, money with its currency's decimals ("12.50"). */
export const displayText = (metric: KpiMetric, row: ReportRow, value: number): string =>
  MONEY_METRICS.has(metric) ? displayValue(metric, row, value).toFixed(minorUnitDigits(row.currency)) : String(value);
