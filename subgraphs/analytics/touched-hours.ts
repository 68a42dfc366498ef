import type { EntityManager } from 'typeorm';
import type { SalesBucket } from './rollup-refresh.ts';
import { hourOf, isSale } from './sales-hour.ts';

export interface CustomerRef {
  tenantId: string;
  customerId: string;
}

interface InstantRow {
  tenant_id: string;
  store_id: string;
  at: Date;
}

const toBuckets = (rows: InstantRow[]): SalesBucket[] =>
  rows.map((row) => ({ tenantId: row.tenant_id, storeId: row.store_id, hour: hourOf(new Date(row.at)) }));

/** The hours these orders were placed in, as far as analytics knows. */
export async function placedHours(manager: EntityManager, orderIds: string[]): Promise<SalesBucket[]> {
  if (orderIds.length === 0) return [];
  return toBuckets(
    await manager.query(
      `SELECT tenant_id, store_id, placed_at AS at FROM analytics.order_facts
        WHERE order_id = ANY($1::uuid[]) AND placed_at IS NOT NULL`,
      [orderIds],
    ),
  );
}

/** The customers of these orders, as the facts name them. */
export async function customersOf(manager: EntityManager, orderIds: string[]): Promise<CustomerRef[]> {
  if (orderIds.length === 0) return [];
  const rows: { tenant_id: string; customer_id: string }[] = await manager.query(
    `SELECT DISTINCT tenant_id, customer_id FROM analytics.order_facts
      WHERE order_id = ANY($1::uuid[]) AND customer_id IS NOT NULL`,
    [orderIds],
  );
  return rows.map((row) => ({ tenantId: row.tenant_id, customerId: row.customer_id }));
}

/**
 * The hour of each customer's first sale at the tenant: a customer is "new" there. Taken before and
 * after a batch, the two cover every hour whose new customers the batch may change.
 */
export async function firstSaleHours(manager: EntityManager, customers: CustomerRef[]): Promise<SalesBucket[]> {
  if (customers.length === 0) return [];
  return toBuckets(
    await manager.query(
      `SELECT f.tenant_id, f.store_id, f.placed_at AS at
         FROM jsonb_to_recordset($1::jsonb) AS c("tenantId" uuid, "customerId" uuid)
         CROSS JOIN LATERAL (SELECT * FROM analytics.order_facts f
                              WHERE f.tenant_id = c."tenantId" AND f.customer_id = c."customerId" AND ${isSale('f')}
                              ORDER BY f.placed_at, f.order_id LIMIT 1) f`,
      [JSON.stringify(customers)],
    ),
  );
}

/** The hours money was taken or given back for these orders, at their stores. */
export async function paymentHours(manager: EntityManager, orderIds: string[]): Promise<SalesBucket[]> {
  if (orderIds.length === 0) return [];
  return toBuckets(
    await manager.query(
      `SELECT f.tenant_id, f.store_id, x.at FROM analytics.order_facts f
         JOIN (SELECT order_id, succeeded_at AS at FROM analytics.payment_facts WHERE order_id = ANY($1::uuid[])
               UNION ALL
               SELECT order_id, refunded_at FROM analytics.payment_refund_facts WHERE order_id = ANY($1::uuid[])) x
           ON x.order_id = f.order_id`,
      [orderIds],
    ),
  );
}
