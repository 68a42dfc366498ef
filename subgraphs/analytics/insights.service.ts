import type { EntityManager } from 'typeorm';
import { money, minorUnitDigits, type Money } from '../../common/money/money.ts';
import { localDate } from '../../common/time/zoned-time.ts';
import { countFigure, type CountFigure } from './kpi-figures.ts';
import { checkRange, hourSpan, previousPeriod, type DateRange, type HourSpan } from './kpi-range.ts';
import { timeZoneFor } from './kpi.service.ts';
import { detectAnomaly, type AnomalySeverity } from './models/anomaly.ts';
import { addHours } from './sales-hour.ts';
import { hourlySales, productSales, type ProductSales } from './sales-queries.ts';
import { StoreProfileEntity, type StoreProfile } from './store-profile.entity.ts';

export const MAX_INSIGHT_DAYS = 31;
/** Weeks of the same hour a week apart that make an hour's band. */
export const BASELINE_WEEKS = 8;
/** A band narrower than a tenth of the mean would call ordinary ups and downs anomalies. */
const MIN_RELATIVE_DEVIATION = 0.1;
export const MAX_ANOMALIES = 20;
export const TOP_MOVERS = 5;
/** A store selling under this share of its peers' median is under-performing. */
export const UNDERPERFORMING_SHARE = 0.7;
const WEEK_HOURS = 168;

/** A store the orders subgraph resolves; its tenant is kept for the type's rule, not served. */
export interface StoreReference {
  id: string;
  tenantId: string;
}

const storeReference = (store: StoreProfile): StoreReference => ({ id: store.id, tenantId: store.tenantId });

export interface RevenueAnomaly {
  store: StoreReference;
  hour: Date;
  label: string;
  actual: Money;
  expected: Money;
  lower: Money;
  upper: Money;
  direction: 'ABOVE' | 'BELOW';
  severity: AnomalySeverity;
  deviations: number;
  recommendation: string;
}

export interface ProductMover {
  productId: string;
  name: string;
  quantity: CountFigure;
  recommendation: string;
}

export interface StorePerformance {
  store: StoreReference;
  revenue: Money;
  median: Money;
  gap: number;
  recommendation: string;
}

export interface InsightReport {
  range: DateRange;
  comparedTo: DateRange;
  anomalies: RevenueAnomaly[];
  topMovers: ProductMover[];
  underperformingStores: StorePerformance[];
}

export interface InsightRequest {
  range: DateRange;
  storeId?: string | null;
}

/** An amount as people read it: £12.50, ¥1,200. */
export const formatMoney = ({ amount, currency }: Money) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 10 ** minorUnitDigits(currency));

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const standardDeviation = (values: readonly number[]) => {
  const centre = mean(values);
  return Math.sqrt(mean(values.map((value) => (value - centre) ** 2)));
};

function localHourLabel(hour: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${localDate(hour, timeZone)}T${time.format(hour)}`;
}

/** Hours of the span whose revenue left the band of the same hour in the weeks before; hours that usually sell nothing are not judged. */
async function storeAnomalies(manager: EntityManager, store: StoreProfile, span: HourSpan): Promise<RevenueAnomaly[]> {
  const rows = await hourlySales(manager, {
    storeId: store.id,
    span: { start: addHours(span.start, -BASELINE_WEEKS * WEEK_HOURS), end: span.end },
  });
  const revenue = new Map(rows.map((row) => [`${row.currency}/${row.hour.getTime()}`, row.revenue]));
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  const anomalies: RevenueAnomaly[] = [];
  for (let hour = span.start; hour < span.end; hour = addHours(hour, 1)) {
    for (const currency of currencies) {
      const at = (instant: Date) => revenue.get(`${currency}/${instant.getTime()}`) ?? 0;
      const baseline = Array.from({ length: BASELINE_WEEKS }, (_, week) =>
        at(addHours(hour, -(week + 1) * WEEK_HOURS)),
      );
      const expected = mean(baseline);
      if (expected === 0) continue;
      const standard = Math.max(standardDeviation(baseline), MIN_RELATIVE_DEVIATION * expected);
      const actual = at(hour);
      const anomaly = detectAnomaly(actual, { expected, standardDeviation: standard });
      if (!anomaly) continue;
      const label = localHourLabel(hour, store.timezone);
      const [actualMoney, expectedMoney] = [money(actual, currency), money(Math.round(expected), currency)];
      const seen = `Revenue at ${label} was ${formatMoney(actualMoney)} against ${formatMoney(expectedMoney)} usually`;
      anomalies.push({
        store: storeReference(store),
        hour,
        label,
        actual: actualMoney,
        expected: expectedMoney,
        lower: money(Math.max(Math.round(anomaly.band.lower), 0), currency),
        upper: money(Math.round(anomaly.band.upper), currency),
        direction: anomaly.direction,
        severity: anomaly.severity,
        deviations: anomaly.deviations,
        recommendation:
          anomaly.direction === 'ABOVE'
            ? `${seen}: find out what drove it (an event nearby, a promotion) and staff for it if it comes back.`
            : `${seen}: check for an outage, a closure or a staffing gap at that hour.`,
      });
    }
  }
  return anomalies;
}

function moverRecommendation(name: string, quantity: CountFigure): string {
  const percent =
    quantity.change === null
      ? ''
      : ` (${quantity.delta > 0 ? '+' : '−'}${Math.round(Math.abs(quantity.change) * 100)} %)`;
  return quantity.delta > 0
    ? `${name} sold ${quantity.delta} more than in the previous period${percent}: keep it in stock and give it a prominent place.`
    : `${name} sold ${-quantity.delta} fewer than in the previous period${percent}: check its availability, price and place on the menu.`;
}

async function topMovers(
  manager: EntityManager,
  storeId: string | null,
  range: DateRange,
  comparedTo: DateRange,
  timeZone: string,
) {
  const [now, before] = (await productSales(manager, [
    { storeId, span: hourSpan(range, timeZone) },
    { storeId, span: hourSpan(comparedTo, timeZone) },
  ])) as [Map<string, ProductSales>, Map<string, ProductSales>];
  const ids = new Set([...now.keys(), ...before.keys()]);
  return [...ids]
    .map((productId) => {
      const name = (now.get(productId) ?? before.get(productId))!.name;
      const quantity = countFigure(now.get(productId)?.quantity ?? 0, before.get(productId)?.quantity ?? 0);
      return { productId, name, quantity, recommendation: moverRecommendation(name, quantity) };
    })
    .filter((mover) => mover.quantity.delta !== 0)
    .sort((a, b) => Math.abs(b.quantity.delta) - Math.abs(a.quantity.delta) || a.name.localeCompare(b.name))
    .slice(0, TOP_MOVERS);
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Each store against the median of the tenant's other stores selling in its currency. */
async function underperformingStores(manager: EntityManager, stores: StoreProfile[], span: HourSpan) {
  const rows: { store_id: string; currency: string; revenue: string }[] = await manager.query(
    `SELECT s.store_id, s.currency, sum(s.revenue) AS revenue FROM analytics.hourly_sales s
      WHERE s.hour >= $1 AND s.hour < $2 GROUP BY s.store_id, s.currency`,
    [span.start, span.end],
  );
  const revenueOf = (store: StoreProfile) =>
    Number(rows.find((row) => row.store_id === store.id && row.currency === store.currency)?.revenue ?? 0);
  return stores.flatMap((store): StorePerformance[] => {
    const peers = stores.filter((other) => other.id !== store.id && other.currency === store.currency);
    if (peers.length === 0) return [];
    const revenue = revenueOf(store);
    const typical = median(peers.map(revenueOf));
    if (typical === 0 || revenue >= UNDERPERFORMING_SHARE * typical) return [];
    const best = peers.reduce((top, peer) => (revenueOf(peer) > revenueOf(top) ? peer : top));
    const gap = revenue / typical - 1;
    const [revenueMoney, medianMoney] = [money(revenue, store.currency), money(Math.round(typical), store.currency)];
    return [
      {
        store: storeReference(store),
        revenue: revenueMoney,
        median: medianMoney,
        gap,
        recommendation: `Revenue was ${formatMoney(revenueMoney)}, ${Math.round(-gap * 100)} % below the ${formatMoney(medianMoney)} of the tenant's other ${store.currency} stores: compare its opening hours, staffing and menu with store ${best.id}, the best of them.`,
      },
    ];
  });
}

export async function insights(manager: EntityManager, request: InsightRequest): Promise<InsightReport | null> {
  const range = checkRange(request.range, MAX_INSIGHT_DAYS);
  const storeId = request.storeId ?? null;
  const timeZone = await timeZoneFor(manager, storeId, null);
  if (!timeZone) return null;
  const comparedTo = previousPeriod(range);
  const span = hourSpan(range, timeZone);
  const stores = await manager.getRepository(StoreProfileEntity).find({ order: { id: 'ASC' } });
  const judged = storeId ? stores.filter((store) => store.id === storeId) : stores;
  const anomalies: RevenueAnomaly[] = [];
  for (const store of judged) anomalies.push(...(await storeAnomalies(manager, store, span)));
  return {
    range,
    comparedTo,
    anomalies: anomalies
      .sort((a, b) => Math.abs(b.deviations) - Math.abs(a.deviations) || a.hour.getTime() - b.hour.getTime())
      .slice(0, MAX_ANOMALIES),
    topMovers: await topMovers(manager, storeId, range, comparedTo, timeZone),
    underperformingStores: (await underperformingStores(manager, stores, span)).filter(
      (performance) => !storeId || performance.store.id === storeId,
    ),
  };
}
