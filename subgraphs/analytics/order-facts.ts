import type { EntityManager } from 'typeorm';
import { OrderFactEntity, OrderFactLineEntity, type OrderFact } from './order-fact.entity.ts';
import { refreshBucket, type SalesBucket } from './rollup-refresh.ts';
import { hourOf, isSale } from './sales-hour.ts';

/** What the OrderPlaced payload tells analytics (orders' payload, in part). */
export interface PlacedOrder {
  orderId: string;
  storeId: string;
  customerId: string | null;
  currency: string;
  lines: { productId: string; productName: string; quantity: number; total: number }[];
  itemCount: number;
  total: number;
  placedAt: string;
}

type Milestone = 'completedAt' | 'paidAt' | 'cancelledAt';
const COLUMN: Record<Milestone, string> = {
  completedAt: 'completed_at',
  paidAt: 'paid_at',
  cancelledAt: 'cancelled_at',
};

/** Records an order's placing; arriving after a later milestone of the order, it only fills in. */
export async function recordPlaced(
  manager: EntityManager,
  tenantId: string,
  order: PlacedOrder,
): Promise<SalesBucket[]> {
  await manager.query(
    `INSERT INTO analytics.order_facts (order_id, tenant_id, store_id, customer_id, currency, total, item_count, placed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, currency = EXCLUDED.currency,
       total = EXCLUDED.total, item_count = EXCLUDED.item_count, placed_at = EXCLUDED.placed_at`,
    [
      order.orderId,
      tenantId,
      order.storeId,
      order.customerId,
      order.currency,
      order.total,
      order.itemCount,
      new Date(order.placedAt),
    ],
  );
  if (order.lines.length > 0) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(OrderFactLineEntity)
      .values(order.lines.map((line, position) => ({ orderId: order.orderId, position, tenantId, ...line })))
      .orIgnore()
      .execute();
  }
  await manager.query(
    `INSERT INTO analytics.stores (id, tenant_id, timezone, currency) VALUES ($1, $2, 'UTC', $3) ON CONFLICT (id) DO NOTHING`,
    [order.storeId, tenantId, order.currency],
  );
  return refreshAround(manager, tenantId, order.orderId);
}

/**
 * Records when an order was completed, paid or cancelled. The first report of each stands; an order
 * not placed yet as far as analytics knows gets a fact row that OrderPlaced completes later.
 */
export async function recordMilestone(
  manager: EntityManager,
  tenantId: string,
  milestone: { orderId: string; storeId: string; customerId?: string | null },
  which: Milestone,
  at: Date,
): Promise<SalesBucket[]> {
  const column = COLUMN[which];
  await manager.query(
    `INSERT INTO analytics.order_facts (order_id, tenant_id, store_id, customer_id, ${column})
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (order_id) DO UPDATE SET ${column} = COALESCE(analytics.order_facts.${column}, EXCLUDED.${column})`,
    [milestone.orderId, tenantId, milestone.storeId, milestone.customerId ?? null, at],
  );
  return refreshAround(manager, tenantId, milestone.orderId);
}

/**
 * The hours whose figures the order touches: its own, and that of its customer's earliest other sale,
 * which this order's change may make or unmake the customer's first ("new" customers).
 */
async function refreshAround(manager: EntityManager, tenantId: string, orderId: string): Promise<SalesBucket[]> {
  const fact = await manager.getRepository(OrderFactEntity).findOneByOrFail({ orderId });
  const buckets = new Map<string, SalesBucket>();
  for (const sale of [fact, await customerFirstSale(manager, tenantId, fact.customerId, orderId)]) {
    if (!sale?.placedAt) continue;
    const bucket = { tenantId, storeId: sale.storeId, hour: hourOf(sale.placedAt) };
    buckets.set(`${bucket.storeId}/${bucket.hour.toISOString()}`, bucket);
  }
  for (const bucket of buckets.values()) await refreshBucket(manager, bucket);
  return [...buckets.values()];
}

type FirstSale = Pick<OrderFact, 'storeId' | 'placedAt'>;

/** The customer's earliest sale other than this order. */
async function customerFirstSale(
  manager: EntityManager,
  tenantId: string,
  customerId: string | null,
  exceptOrderId: string,
): Promise<FirstSale | null> {
  if (!customerId) return null;
  const rows: { store_id: string; placed_at: Date }[] = await manager.query(
    `SELECT f.store_id, f.placed_at FROM analytics.order_facts f
      WHERE f.tenant_id = $1 AND f.customer_id = $2 AND f.order_id <> $3 AND ${isSale('f')}
      ORDER BY f.placed_at, f.order_id LIMIT 1`,
    [tenantId, customerId, exceptOrderId],
  );
  const row = rows[0];
  return row ? { storeId: row.store_id, placedAt: row.placed_at } : null;
}
