import type { EntityManager } from 'typeorm';
import { periodRows } from './daily-rollups.ts';
import type { DayScope } from './day-scopes.ts';
import type { HourSpan } from './kpi-range.ts';
import { isSale } from './sales-hour.ts';

/** Which sales a figure covers: one store or all of the tenant's (row-level security keeps to the tenant). */
export interface SalesScope {
  storeId: string | null;
  span: HourSpan;
  /** The daily rows that answer it, when it is asked in its scope's own zone. */
  days?: DayScope | null;
}

export interface CurrencyTotals {
  revenue: number;
  orders: number;
  items: number;
}

export interface SalesTotals {
  byCurrency: Map<string, CurrencyTotals>;
  newCustomers: number;
}

const where = (alias: string, column: string) =>
  `($1::uuid IS NULL OR ${alias}.store_id = $1) AND ${alias}.${column} >= $2 AND ${alias}.${column} < $3`;
const paramsOf = ({ storeId, span }: SalesScope) => [storeId, span.start, span.end];

/** Each scope's sales totals, in one statement. */
export async function salesTotals(manager: EntityManager, scopes: SalesScope[]): Promise<SalesTotals[]> {
  const { rows: sales, params } = periodRows('sales', scopes, [
    'currency',
    'revenue',
    'orders',
    'items',
    'new_customers',
  ]);
  const rows: {
    period: number;
    currency: string;
    revenue: string;
    orders: string;
    items: string;
    new_customers: string;
  }[] = await manager.query(
    `SELECT r.period, r.currency, sum(r.revenue) AS revenue, sum(r.orders) AS orders, sum(r.items) AS items,
              sum(r.new_customers) AS new_customers
         FROM ${sales} GROUP BY r.period, r.currency`,
    params,
  );
  return scopes.map((_, period) => {
    const own = rows.filter((row) => row.period === period);
    return {
      byCurrency: new Map(
        own.map((row) => [
          row.currency,
          { revenue: Number(row.revenue), orders: Number(row.orders), items: Number(row.items) },
        ]),
      ),
      newCustomers: own.reduce((sum, row) => sum + Number(row.new_customers), 0),
    };
  });
}

export interface ProductSales {
  productId: string;
  name: string;
  quantity: number;
  revenue: Map<string, number>;
}

/** Each scope's sales per product, in one statement. */
export async function productSales(manager: EntityManager, scopes: SalesScope[]): Promise<Map<string, ProductSales>[]> {
  const { rows: sales, params } = periodRows('product_sales', scopes, [
    'product_id',
    'currency',
    'product_name',
    'quantity',
    'revenue',
  ]);
  const rows: {
    period: number;
    product_id: string;
    currency: string;
    name: string;
    quantity: string;
    revenue: string;
  }[] = await manager.query(
    `SELECT r.period, r.product_id, r.currency, max(r.product_name) AS name, sum(r.quantity) AS quantity,
              sum(r.revenue) AS revenue
         FROM ${sales} GROUP BY r.period, r.product_id, r.currency`,
    params,
  );
  const periods = scopes.map(() => new Map<string, ProductSales>());
  for (const row of rows) {
    const products = periods[row.period]!;
    const product = products.get(row.product_id) ?? {
      productId: row.product_id,
      name: row.name,
      quantity: 0,
      revenue: new Map<string, number>(),
    };
    product.quantity += Number(row.quantity);
    product.revenue.set(row.currency, Number(row.revenue));
    products.set(row.product_id, product);
  }
  return periods;
}

export interface HourRow {
  hour: Date;
  currency: string;
  revenue: number;
  orders: number;
  items: number;
  newCustomers: number;
}

export async function hourlySales(manager: EntityManager, scope: SalesScope): Promise<HourRow[]> {
  // Numbers as float8 (exact to 2^53, as every amount is) and hours as epoch milliseconds: a long
  // series has thousands of rows, and the driver parses these without strings and dates.
  const rows: {
    hour: number;
    currency: string;
    revenue: number;
    orders: number;
    items: number;
    new_customers: number;
  }[] = await manager.query(
    `SELECT extract(epoch FROM s.hour)::float8 * 1000 AS hour, s.currency, sum(s.revenue)::float8 AS revenue,
              sum(s.orders)::float8 AS orders, sum(s.items)::float8 AS items, sum(s.new_customers)::float8 AS new_customers
         FROM analytics.hourly_sales s WHERE ${where('s', 'hour')} GROUP BY s.hour, s.currency`,
    paramsOf(scope),
  );
  return rows.map((row) => ({
    hour: new Date(row.hour),
    currency: row.currency,
    revenue: row.revenue,
    orders: row.orders,
    items: row.items,
    newCustomers: row.new_customers,
  }));
}

/** Each sale's customer and instant, for distinct customers per period. */
export async function customerSales(
  manager: EntityManager,
  scope: SalesScope,
): Promise<{ customerId: string; placedAt: Date }[]> {
  const rows: { customer_id: string; placed_at: Date }[] = await manager.query(
    `SELECT f.customer_id, f.placed_at FROM analytics.order_facts f
      WHERE f.customer_id IS NOT NULL AND ${isSale('f')} AND ${where('f', 'placed_at')}`,
    paramsOf(scope),
  );
  return rows.map((row) => ({ customerId: row.customer_id, placedAt: new Date(row.placed_at) }));
}
