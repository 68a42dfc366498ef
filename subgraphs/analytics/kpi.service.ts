import type { EntityManager } from 'typeorm';
import { CURRENT_TENANT_SQL } from '../../common/database/tenant-isolation.ts';
import { moneyList, type Money } from '../../common/money/money.ts';
import { localDate } from '../../common/time/zoned-time.ts';
import {
  countFigure,
  moneyFigures,
  rateFigure,
  type CountFigure,
  type MoneyFigure,
  type RateFigure,
} from './kpi-figures.ts';
import {
  checkRange,
  checkTimeZone,
  hourSpan,
  previousPeriod,
  samePeriodLastYear,
  type DateRange,
} from './kpi-range.ts';
import { customerActivity } from './customer-activity.ts';
import { dayScope, type ZonedScope } from './day-scopes.ts';
import { tenantZoneOf } from './tenant-zones.ts';
import { withoutJit } from './no-jit.ts';
import { paymentMix, type PaymentMixFigure } from './payment-mix.ts';
import { productSales, salesTotals, type ProductSales, type SalesScope, type SalesTotals } from './sales-queries.ts';
import type { StoreProfile } from './store-profile.entity.ts';

export type KpiComparison = 'PREVIOUS_PERIOD' | 'SAME_PERIOD_LAST_YEAR';

export interface ProductFigure {
  productId: string;
  name: string;
  quantity: CountFigure;
  revenue: Money[];
}

export interface KpiSnapshot {
  tenantId: string;
  storeId: string | null;
  timeZone: string;
  range: DateRange;
  comparedTo: DateRange;
  revenue: MoneyFigure[];
  averageOrderValue: MoneyFigure[];
  orders: CountFigure;
  items: CountFigure;
  activeCustomers: CountFigure;
  newCustomers: CountFigure;
  returningCustomers: CountFigure;
  retention: RateFigure;
  topProducts: ProductFigure[];
  paymentMix: PaymentMixFigure[];
  computedAt: Date;
}

export interface KpiRequest {
  range: DateRange;
  storeId?: string | null;
  compareTo?: KpiComparison | null;
  timeZone?: string | null;
}

export const TOP_PRODUCTS = 5;

const COMPARISONS: Record<KpiComparison, (range: DateRange) => DateRange> = {
  PREVIOUS_PERIOD: previousPeriod,
  SAME_PERIOD_LAST_YEAR: samePeriodLastYear,
};

/**
 * A store's figures or every store's: the store's profile (null for all stores), the zone they are
 * read in, and the scope's own zone (the store's, or the tenant's for all stores).
 */
export interface FigureScope extends ZonedScope {
  store: StoreProfile | null;
}

/** The scope of figures of this store (or all stores); null for a store analytics never heard of. */
export async function figureScope(
  manager: EntityManager,
  storeId: string | null | undefined,
  requested: string | null | undefined,
): Promise<FigureScope | null> {
  const timeZone = requested ? checkTimeZone(requested) : null;
  if (!storeId) {
    // Every store together is dated in the tenant's zone (the transaction's tenant).
    const [{ zone }]: [{ zone: string }] = await manager.query(`SELECT ${tenantZoneOf(CURRENT_TENANT_SQL)} AS zone`);
    return { store: null, timeZone: timeZone ?? zone, ownZone: zone };
  }
  // Read on every figure asked: a plain statement, without the query builder's cost per call.
  const [store]: StoreProfile[] = await manager.query(
    `SELECT id, tenant_id AS "tenantId", timezone, currency FROM analytics.stores WHERE id = $1`,
    [storeId],
  );
  return store ? { store, timeZone: timeZone ?? store.timezone, ownZone: store.timezone } : null;
}

/** The time zone figures of this store (or all stores) are read in; null for a store analytics never heard of. */
export async function timeZoneFor(
  manager: EntityManager,
  storeId: string | null | undefined,
  requested: string | null | undefined,
): Promise<string | null> {
  return (await figureScope(manager, storeId, requested))?.timeZone ?? null;
}

const perCurrency = (totals: SalesTotals, pick: (row: { revenue: number; orders: number }) => number) =>
  new Map([...totals.byCurrency].map(([currency, row]) => [currency, pick(row)]));
const sum = (totals: SalesTotals, field: 'orders' | 'items') =>
  [...totals.byCurrency.values()].reduce((total, row) => total + row[field], 0);

/** Of the customers active in the period before, the share active again; null when there were none. */
const retainedShare = (retained: number, before: number) => (before === 0 ? null : retained / before);

export async function kpis(manager: EntityManager, tenantId: string, request: KpiRequest): Promise<KpiSnapshot | null> {
  const range = checkRange(request.range);
  const storeId = request.storeId ?? null;
  await withoutJit(manager);
  const figures = await figureScope(manager, storeId, request.timeZone);
  if (!figures) return null;
  const { timeZone } = figures;
  const comparedTo = COMPARISONS[request.compareTo ?? 'PREVIOUS_PERIOD'](range);
  const scopeOf = (period: DateRange): SalesScope => ({
    storeId,
    span: hourSpan(period, timeZone),
    days: dayScope(figures, period),
  });
  const [current, compared] = [scopeOf(range), scopeOf(comparedTo)];

  const [now, before] = (await salesTotals(manager, [current, compared])) as [SalesTotals, SalesTotals];
  const customers = await customerActivity(manager, figures, {
    range,
    compared: comparedTo,
    priorToRange: previousPeriod(range),
    priorToComparison: previousPeriod(comparedTo),
  });
  const [products, productsBefore] = (await productSales(manager, [current, compared])) as [
    Map<string, ProductSales>,
    Map<string, ProductSales>,
  ];

  const top = [...products.values()]
    .sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name) || a.productId.localeCompare(b.productId))
    .slice(0, TOP_PRODUCTS);
  return {
    tenantId,
    storeId,
    timeZone,
    range,
    comparedTo,
    revenue: moneyFigures(
      perCurrency(now, (row) => row.revenue),
      perCurrency(before, (row) => row.revenue),
    ),
    averageOrderValue: moneyFigures(
      perCurrency(now, (row) => Math.round(row.revenue / row.orders)),
      perCurrency(before, (row) => Math.round(row.revenue / row.orders)),
    ),
    orders: countFigure(sum(now, 'orders'), sum(before, 'orders')),
    items: countFigure(sum(now, 'items'), sum(before, 'items')),
    activeCustomers: countFigure(customers.active, customers.activeBefore),
    newCustomers: countFigure(now.newCustomers, before.newCustomers),
    returningCustomers: countFigure(customers.active - now.newCustomers, customers.activeBefore - before.newCustomers),
    retention: rateFigure(
      retainedShare(customers.retained, customers.priorToRange),
      retainedShare(customers.retainedBefore, customers.priorToComparison),
    ),
    topProducts: top.map((product) => ({
      productId: product.productId,
      name: product.name,
      quantity: countFigure(product.quantity, productsBefore.get(product.productId)?.quantity ?? 0),
      revenue: moneyList(Object.fromEntries(product.revenue)),
    })),
    paymentMix: await paymentMix(manager, current, compared),
    computedAt: new Date(),
  };
}

/** A store's figures for today in its time zone, against yesterday: what a live dashboard shows. */
export async function todaysKpis(
  manager: EntityManager,
  tenantId: string,
  storeId: string,
): Promise<KpiSnapshot | null> {
  const timeZone = await timeZoneFor(manager, storeId, null);
  if (!timeZone) return null;
  const today = localDate(new Date(), timeZone);
  return kpis(manager, tenantId, { range: { from: today, to: today }, storeId });
}
