import type { EntityManager } from 'typeorm';
import { bucketRelation } from './bucket-relation.ts';
import { rebuildDailyCustomers } from './daily-customers.ts';
import { PAYMENT_ROLLUPS, SALES_ROLLUPS, rebuildDays, refreshDays } from './daily-rollups.ts';
import { isSale } from './sales-hour.ts';

/** One store's UTC hour: what a rollup row belongs to. */
export interface SalesBucket {
  tenantId: string;
  storeId: string;
  hour: Date;
}

/**
 * The buckets a refresh recomputes, as a relation `t(tenant_id, store_id, hour)`, and how to clear
 * their rollup rows first.
 */
interface Buckets {
  relation: string;
  params: unknown[];
  clear: (table: string) => string;
}

const IN_HOUR = (column: string) => `${column} >= t.hour AND ${column} < t.hour + interval '1 hour'`;
/** A payment's store is its order's; a subquery per payment, by the order's key, whatever the planner guesses. */
const AT_STORE = (alias: string) =>
  `(SELECT f.store_id FROM analytics.order_facts f WHERE f.order_id = ${alias}.order_id) = t.store_id`;

/** The UTC hour of an instant in SQL, whatever the session's time zone. */
const UTC_HOUR = (column: string) => `date_bin('1 hour', ${column}, timestamptz '1970-01-01 00:00:00+00')`;

/** The buckets once each, and how to clear their rollup rows. */
function listed(buckets: SalesBucket[]): Buckets {
  const { relation, params } = bucketRelation(buckets);
  return {
    relation,
    params,
    clear: (table) =>
      `DELETE FROM ${table} r USING ${relation}
        WHERE r.tenant_id = t.tenant_id AND r.store_id = t.store_id AND r.hour = t.hour`,
  };
}

/** Every hour of a tenant that the instants of `hours` (SQL selecting tenant_id, store_id, at) fall in. */
function everyHourOf(tenantId: string, hours: string): Buckets {
  return {
    relation: `(SELECT DISTINCT h.tenant_id, h.store_id, ${UTC_HOUR('h.at')} AS hour
                  FROM (${hours}) h WHERE h.tenant_id = $1 AND h.at IS NOT NULL) AS t`,
    params: [tenantId],
    clear: (table) => `DELETE FROM ${table} WHERE tenant_id = $1`,
  };
}

const SALES_HOURS = `SELECT tenant_id, store_id, placed_at AS at FROM analytics.order_facts`;
const PAYMENT_HOURS = `SELECT f.tenant_id, f.store_id, x.at FROM analytics.order_facts f
  JOIN (SELECT order_id, succeeded_at AS at FROM analytics.payment_facts
        UNION ALL SELECT order_id, refunded_at FROM analytics.payment_refund_facts) x ON x.order_id = f.order_id`;

/** Recomputes the sales rollups of these hours (see `recomputeSales`), then of their days. */
export async function refreshSales(manager: EntityManager, buckets: SalesBucket[]): Promise<void> {
  if (buckets.length === 0) return;
  await recomputeSales(manager, listed(buckets));
  await refreshDays(manager, SALES_ROLLUPS, buckets);
}

/** Recomputes the payment rollups of these hours (see `recomputePayments`), then of their days. */
export async function refreshPayments(manager: EntityManager, buckets: SalesBucket[]): Promise<void> {
  if (buckets.length === 0) return;
  await recomputePayments(manager, listed(buckets));
  await refreshDays(manager, PAYMENT_ROLLUPS, buckets);
}

/**
 * Rebuilds every rollup of a tenant from its facts with the same statements as a refresh, all hours at
 * once: for a backfill or a bulk load, where refreshing page by page would recompute hours again and again.
 */
export async function rebuildRollups(manager: EntityManager, tenantId: string): Promise<void> {
  await recomputeSales(manager, everyHourOf(tenantId, SALES_HOURS));
  await recomputePayments(manager, everyHourOf(tenantId, PAYMENT_HOURS));
  await rebuildDays(manager, tenantId);
  await rebuildDailyCustomers(manager, tenantId);
}

/**
 * Recomputes the sales rollups of these hours from the order facts, in four statements however many
 * hours. Deriving rollups from facts (never adding deltas) is what makes a replayed, duplicated or
 * reordered event change no figure.
 */
async function recomputeSales(manager: EntityManager, { relation, params, clear }: Buckets): Promise<void> {
  // Each hour an index range scan whatever the planner guesses of the buckets: OFFSET 0 keeps it
  // from flattening the lateral into a join that compares every hour with every sale of the store.
  const sales = `LATERAL (SELECT * FROM analytics.order_facts f
     WHERE f.tenant_id = t.tenant_id AND f.store_id = t.store_id AND ${IN_HOUR('f.placed_at')} AND ${isSale('f')}
     OFFSET 0) f`;
  await manager.query(clear('analytics.hourly_sales'), params);
  await manager.query(
    `INSERT INTO analytics.hourly_sales (tenant_id, store_id, hour, currency, revenue, orders, items, customers, new_customers)
     SELECT t.tenant_id, t.store_id, t.hour, f.currency, sum(f.total), count(*), sum(f.item_count),
            count(DISTINCT f.customer_id),
            count(DISTINCT f.customer_id) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM analytics.order_facts e
               WHERE e.tenant_id = f.tenant_id AND e.customer_id = f.customer_id AND ${isSale('e')}
                 AND (e.placed_at, e.order_id) < (f.placed_at, f.order_id)))
       FROM ${relation} CROSS JOIN ${sales}
      GROUP BY t.tenant_id, t.store_id, t.hour, f.currency`,
    params,
  );
  await manager.query(clear('analytics.hourly_product_sales'), params);
  await manager.query(
    `INSERT INTO analytics.hourly_product_sales (tenant_id, store_id, hour, product_id, currency, product_name, quantity, revenue)
     SELECT t.tenant_id, t.store_id, t.hour, l.product_id, f.currency, max(l.product_name), sum(l.quantity), sum(l.total)
       FROM ${relation} CROSS JOIN ${sales} JOIN analytics.order_fact_lines l ON l.order_id = f.order_id
      GROUP BY t.tenant_id, t.store_id, t.hour, l.product_id, f.currency`,
    params,
  );
}

/**
 * Recomputes the payment rollups of these hours from the payment and refund facts. A payment belongs
 * to its order's store, so one whose order analytics has not heard of yet counts nowhere until it has.
 */
async function recomputePayments(manager: EntityManager, { relation, params, clear }: Buckets): Promise<void> {
  await manager.query(clear('analytics.hourly_payments'), params);
  await manager.query(
    `INSERT INTO analytics.hourly_payments (tenant_id, store_id, hour, provider, method, currency, collected, payments, refunded)
     SELECT t.tenant_id, t.store_id, t.hour, x.provider, x.method, x.currency,
            sum(x.collected), sum(x.payments), sum(x.refunded)
       FROM ${relation}
       CROSS JOIN LATERAL (
             SELECT provider, coalesce(method, '') AS method, currency, amount AS collected, 1 AS payments, 0 AS refunded
               FROM analytics.payment_facts p
              WHERE p.tenant_id = t.tenant_id AND ${IN_HOUR('p.succeeded_at')} AND ${AT_STORE('p')}
             UNION ALL
             SELECT provider, coalesce(method, ''), currency, 0, 0, amount
               FROM analytics.payment_refund_facts r
              WHERE r.tenant_id = t.tenant_id AND ${IN_HOUR('r.refunded_at')} AND ${AT_STORE('r')}
             OFFSET 0) x
      GROUP BY t.tenant_id, t.store_id, t.hour, x.provider, x.method, x.currency`,
    params,
  );
}
