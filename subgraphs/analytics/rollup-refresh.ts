import type { EntityManager } from 'typeorm';
import { isSale } from './sales-hour.ts';

/** One store's UTC hour: what a rollup row belongs to. */
export interface SalesBucket {
  tenantId: string;
  storeId: string;
  hour: Date;
}

const TOUCHED = `jsonb_to_recordset($1::jsonb) AS t(tenant_id uuid, store_id uuid, hour timestamptz)`;
const IN_HOUR = (column: string) => `${column} >= t.hour AND ${column} < t.hour + interval '1 hour'`;

/** The buckets once each: a bucket named twice would be counted twice by the joins below. */
function distinct(buckets: SalesBucket[]): string {
  const unique = new Map(
    buckets.map((bucket) => [`${bucket.tenantId}/${bucket.storeId}/${bucket.hour.getTime()}`, bucket]),
  );
  return JSON.stringify(
    [...unique.values()].map((bucket) => ({
      tenant_id: bucket.tenantId,
      store_id: bucket.storeId,
      hour: bucket.hour.toISOString(),
    })),
  );
}

/**
 * Recomputes the sales rollups of these hours from the order facts, in four statements however many
 * hours. Deriving rollups from facts (never adding deltas) is what makes a replayed, duplicated or
 * reordered event change no figure.
 */
export async function refreshSales(manager: EntityManager, buckets: SalesBucket[]): Promise<void> {
  if (buckets.length === 0) return;
  const touched = [distinct(buckets)];
  const sales = `analytics.order_facts f ON f.tenant_id = t.tenant_id AND f.store_id = t.store_id AND ${IN_HOUR('f.placed_at')} AND ${isSale('f')}`;
  await manager.query(
    `DELETE FROM analytics.hourly_sales s USING ${TOUCHED}
      WHERE s.tenant_id = t.tenant_id AND s.store_id = t.store_id AND s.hour = t.hour`,
    touched,
  );
  await manager.query(
    `INSERT INTO analytics.hourly_sales (tenant_id, store_id, hour, currency, revenue, orders, items, customers, new_customers)
     SELECT t.tenant_id, t.store_id, t.hour, f.currency, sum(f.total), count(*), sum(f.item_count),
            count(DISTINCT f.customer_id),
            count(DISTINCT f.customer_id) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM analytics.order_facts e
               WHERE e.tenant_id = f.tenant_id AND e.customer_id = f.customer_id AND ${isSale('e')}
                 AND (e.placed_at, e.order_id) < (f.placed_at, f.order_id)))
       FROM ${TOUCHED} JOIN ${sales}
      GROUP BY t.tenant_id, t.store_id, t.hour, f.currency`,
    touched,
  );
  await manager.query(
    `DELETE FROM analytics.hourly_product_sales p USING ${TOUCHED}
      WHERE p.tenant_id = t.tenant_id AND p.store_id = t.store_id AND p.hour = t.hour`,
    touched,
  );
  await manager.query(
    `INSERT INTO analytics.hourly_product_sales (tenant_id, store_id, hour, product_id, currency, product_name, quantity, revenue)
     SELECT t.tenant_id, t.store_id, t.hour, l.product_id, f.currency, max(l.product_name), sum(l.quantity), sum(l.total)
       FROM ${TOUCHED} JOIN ${sales} JOIN analytics.order_fact_lines l ON l.order_id = f.order_id
      GROUP BY t.tenant_id, t.store_id, t.hour, l.product_id, f.currency`,
    touched,
  );
}

/**
 * Recomputes the payment rollups of these hours from the payment and refund facts. A payment belongs
 * to its order's store, so one whose order analytics has not heard of yet counts nowhere until it has.
 */
export async function refreshPayments(manager: EntityManager, buckets: SalesBucket[]): Promise<void> {
  if (buckets.length === 0) return;
  const touched = [distinct(buckets)];
  await manager.query(
    `DELETE FROM analytics.hourly_payments h USING ${TOUCHED}
      WHERE h.tenant_id = t.tenant_id AND h.store_id = t.store_id AND h.hour = t.hour`,
    touched,
  );
  await manager.query(
    `INSERT INTO analytics.hourly_payments (tenant_id, store_id, hour, provider, method, currency, collected, payments, refunded)
     SELECT t.tenant_id, t.store_id, t.hour, x.provider, x.method, x.currency,
            sum(x.collected), sum(x.payments), sum(x.refunded)
       FROM ${TOUCHED}
       JOIN (SELECT tenant_id, order_id, provider, coalesce(method, '') AS method, currency,
                    amount AS collected, 1 AS payments, 0 AS refunded, succeeded_at AS at
               FROM analytics.payment_facts
             UNION ALL
             SELECT tenant_id, order_id, provider, coalesce(method, ''), currency, 0, 0, amount, refunded_at
               FROM analytics.payment_refund_facts) x ON x.tenant_id = t.tenant_id AND ${IN_HOUR('x.at')}
       JOIN analytics.order_facts f ON f.order_id = x.order_id AND f.store_id = t.store_id
      GROUP BY t.tenant_id, t.store_id, t.hour, x.provider, x.method, x.currency`,
    touched,
  );
}
