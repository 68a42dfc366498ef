import type { EntityManager } from 'typeorm';
import type { HourSpan } from './kpi-range.ts';
import { isSale } from './sales-hour.ts';

/** Which sales a figure covers: one store or all of the tenant's (row-level security keeps to the tenant). */
export interface SalesScope {
  storeId: string | null;
  span: HourSpan;
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

export async function salesTotals(manager: EntityManager, scope: SalesScope): Promise<SalesTotals> {
  const rows: { currency: string; revenue: string; orders: string; items: string; new_customers: string }[] =
    await manager.query(
      `SELECT s.currency, sum(s.revenue) AS revenue, sum(s.orders) AS orders, sum(s.items) AS items,
              sum(s.new_customers) AS new_customers
         FROM analytics.hourly_sales s WHERE ${where('s', 'hour')} GROUP BY s.currency`,
      paramsOf(scope),
    );
  return {
    byCurrency: new Map(
      rows.map((row) => [
        row.currency,
        { revenue: Number(row.revenue), orders: Number(row.orders), items: Number(row.items) },
      ]),
    ),
    newCustomers: rows.reduce((sum, row) => sum + Number(row.new_customers), 0),
  };
}

export interface ProductSales {
  productId: string;
  name: string;
  quantity: number;
  revenue: Map<string, number>;
}

export async function productSales(manager: EntityManager, scope: SalesScope): Promise<Map<string, ProductSales>> {
  const rows: { product_id: string; currency: string; name: string; quantity: string; revenue: string }[] =
    await manager.query(
      `SELECT p.product_id, p.currency, max(p.product_name) AS name, sum(p.quantity) AS quantity, sum(p.revenue) AS revenue
         FROM analytics.hourly_product_sales p WHERE ${where('p', 'hour')} GROUP BY p.product_id, p.currency`,
      paramsOf(scope),
    );
  const products = new Map<string, ProductSales>();
  for (const row of rows) {
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
  return products;
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
  const rows: {
    hour: Date;
    currency: string;
    revenue: string;
    orders: string;
    items: string;
    new_customers: string;
  }[] = await manager.query(
    `SELECT s.hour, s.currency, sum(s.revenue) AS revenue, sum(s.orders) AS orders, sum(s.items) AS items,
              sum(s.new_customers) AS new_customers
         FROM analytics.hourly_sales s WHERE ${where('s', 'hour')} GROUP BY s.hour, s.currency`,
    paramsOf(scope),
  );
  return rows.map((row) => ({
    hour: new Date(row.hour),
    currency: row.currency,
    revenue: Number(row.revenue),
    orders: Number(row.orders),
    items: Number(row.items),
    newCustomers: Number(row.new_customers),
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
