import type { EntityManager } from 'typeorm';
import { addHours, isSale } from './sales-hour.ts';

export interface SalesBucket {
  tenantId: string;
  storeId: string;
  hour: Date;
}

/**
 * Recomputes one store's hour from its order facts. Deriving the rollup from the facts (never adding
 * deltas) is what makes a replayed, duplicated or reordered event change no figure.
 */
export async function refreshBucket(manager: EntityManager, { tenantId, storeId, hour }: SalesBucket): Promise<void> {
  const params = [tenantId, storeId, hour, addHours(hour, 1)];
  const inHour = `f.tenant_id = $1 AND f.store_id = $2 AND f.placed_at >= $3 AND f.placed_at < $4 AND ${isSale('f')}`;
  await manager.query(
    `DELETE FROM analytics.hourly_sales WHERE tenant_id = $1 AND store_id = $2 AND hour = $3`,
    params.slice(0, 3),
  );
  await manager.query(
    `INSERT INTO analytics.hourly_sales (tenant_id, store_id, hour, currency, revenue, orders, items, customers, new_customers)
     SELECT $1, $2, $3, f.currency, sum(f.total), count(*), sum(f.item_count), count(DISTINCT f.customer_id),
            count(DISTINCT f.customer_id) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM analytics.order_facts e
               WHERE e.tenant_id = f.tenant_id AND e.customer_id = f.customer_id AND ${isSale('e')}
                 AND (e.placed_at, e.order_id) < (f.placed_at, f.order_id)))
       FROM analytics.order_facts f WHERE ${inHour} GROUP BY f.currency`,
    params,
  );
  await manager.query(
    `DELETE FROM analytics.hourly_product_sales WHERE tenant_id = $1 AND store_id = $2 AND hour = $3`,
    params.slice(0, 3),
  );
  await manager.query(
    `INSERT INTO analytics.hourly_product_sales (tenant_id, store_id, hour, product_id, currency, product_name, quantity, revenue)
     SELECT $1, $2, $3, l.product_id, f.currency, max(l.product_name), sum(l.quantity), sum(l.total)
       FROM analytics.order_facts f JOIN analytics.order_fact_lines l ON l.order_id = f.order_id
      WHERE ${inHour} GROUP BY l.product_id, f.currency`,
    params,
  );
}
