import type { EntityManager } from 'typeorm';
import { bucketRelation } from './bucket-relation.ts';
import { ALL_STORES, withTouchedDays } from './day-scopes.ts';
import type { SalesBucket } from './rollup-refresh.ts';
import { tenantZoneOf, tenantZones } from './tenant-zones.ts';
import { hourOf, isSale } from './sales-hour.ts';
import type { StoreRef } from './event-batch.ts';
import type { CustomerRef } from './touched-hours.ts';

/** The smallest set: a tenant's rows grow in powers of two from here as its customers do. */
const MIN_CAPACITY = 1024;

const capacityFor = (customers: number) => {
  let capacity = MIN_CAPACITY;
  while (capacity < customers) capacity *= 2;
  return capacity;
};

/** Numbers the customers (SQL selecting tenant_id, customer_id, first_at) who have none yet, in the order of `first_at`. */
async function numberCustomers(manager: EntityManager, customers: string, params: unknown[]): Promise<string[]> {
  const rows: { tenant_id: string }[] = await manager.query(
    `INSERT INTO analytics.customer_numbers (tenant_id, customer_id, number)
     SELECT c.tenant_id, c.customer_id,
            coalesce((SELECT max(n.number) FROM analytics.customer_numbers n WHERE n.tenant_id = c.tenant_id), -1)
              + row_number() OVER (PARTITION BY c.tenant_id ORDER BY c.first_at, c.customer_id)
       FROM (${customers}) c
      -- A probe by key per customer: the planner, guessing few numbers under row-level security, would
      -- otherwise read every number of the tenant into a hash.
      WHERE (SELECT n.number FROM analytics.customer_numbers n
              WHERE n.tenant_id = c.tenant_id AND n.customer_id = c.customer_id) IS NULL
     RETURNING tenant_id`,
    params,
  );
  return [...new Set(rows.map((row) => row.tenant_id))];
}

/**
 * Each tenant's set length, grown (its every row padded) when its customers no longer fit: OR-ing
 * sets needs them all of one length.
 */
async function capacities(
  manager: EntityManager,
  tenantIds: string[],
): Promise<{ tenant_id: string; capacity: number }[]> {
  const rows: { tenant_id: string; length: number | null; customers: number | null }[] = await manager.query(
    `SELECT t.tenant_id,
            (SELECT length(d.customers) FROM analytics.daily_customers d WHERE d.tenant_id = t.tenant_id LIMIT 1) AS length,
            (SELECT max(n.number) + 1 FROM analytics.customer_numbers n WHERE n.tenant_id = t.tenant_id) AS customers
       FROM unnest($1::uuid[]) AS t(tenant_id)`,
    [tenantIds],
  );
  const result: { tenant_id: string; capacity: number }[] = [];
  for (const row of rows) {
    const capacity = Math.max(row.length ?? 0, capacityFor(row.customers ?? 0));
    if (row.length !== null && capacity > row.length) {
      await manager.query(
        `UPDATE analytics.daily_customers SET customers = customers || repeat('0', $2)::varbit WHERE tenant_id = $1`,
        [row.tenant_id, capacity - row.length],
      );
    }
    result.push({ tenant_id: row.tenant_id, capacity });
  }
  return result;
}

/** A day's set from its customers' numbers (rows of `numbers`: tenant_id, scope_id, day, number, once each; each read once). */
const SETS_OF = (numbers: string) => `
  SELECT s.tenant_id, s.scope_id, s.day,
         rpad(string_agg(repeat('0', s.gap) || '1', '' ORDER BY s.number), k.capacity, '0')::varbit
    FROM (SELECT x.*, x.number - lag(x.number, 1, -1) OVER (PARTITION BY x.tenant_id, x.scope_id, x.day ORDER BY x.number) - 1 AS gap
            FROM (${numbers} OFFSET 0) x) s
    JOIN jsonb_to_recordset($2::jsonb) AS k(tenant_id uuid, capacity int) ON k.tenant_id = s.tenant_id
   GROUP BY s.tenant_id, s.scope_id, s.day, k.capacity`;

const NUMBERED_SALE = (facts: string, join = '') => `analytics.order_facts f ${join}
  JOIN analytics.customer_numbers n ON n.tenant_id = f.tenant_id AND n.customer_id = f.customer_id
  WHERE ${facts} AND ${isSale('f')}`;

/**
 * Recomputes the sets of these hours' scope-days from the facts. Derived, never incremented: what a
 * cancelled sale needs, as its customer may have bought again that day.
 */
async function recomputeDays(manager: EntityManager, hours: SalesBucket[], sizes: string): Promise<void> {
  if (hours.length === 0) return;
  const { relation, params } = bucketRelation(hours);
  const days = withTouchedDays(relation);
  await manager.query(
    `${days} DELETE FROM analytics.daily_customers r USING days d
      WHERE r.tenant_id = d.tenant_id AND r.scope_id = d.scope_id AND r.day = d.day`,
    params,
  );
  // Each day an index range scan of its own (OFFSET 0: never flattened into a join of every day with
  // every sale), then each customer's number by its key.
  const inDay = `f.tenant_id = d.tenant_id AND f.placed_at >= d.start_at AND f.placed_at < d.end_at
    AND f.customer_id IS NOT NULL AND ${isSale('f')}`;
  await manager.query(
    `${days} INSERT INTO analytics.daily_customers (tenant_id, scope_id, day, customers)
     ${SETS_OF(`SELECT d.tenant_id, d.scope_id, d.day,
                       (SELECT n.number FROM analytics.customer_numbers n
                         WHERE n.tenant_id = d.tenant_id AND n.customer_id = c.customer_id) AS number
                  FROM days d
        CROSS JOIN LATERAL (SELECT f.customer_id FROM analytics.order_facts f
                             WHERE d.store_id IS NOT NULL AND f.store_id = d.store_id AND ${inDay}
                            UNION
                            SELECT f.customer_id FROM analytics.order_facts f WHERE d.store_id IS NULL AND ${inDay}
                            OFFSET 0) c`)}`,
    [...params, sizes],
  );
}

/**
 * Sets the bits of these orders' customers on the days of those that are sales, in both scopes.
 * Setting a bit again changes nothing, so a replayed or duplicated event is harmless.
 */
async function addSales(manager: EntityManager, orderIds: string[], sizes: string): Promise<void> {
  await manager.query(
    `INSERT INTO analytics.daily_customers (tenant_id, scope_id, day, customers)
     SELECT f.tenant_id, d.scope_id, d.day, bit_or(set_bit(k.empty, n.number, 1))
       FROM analytics.order_facts f
       JOIN analytics.customer_numbers n ON n.tenant_id = f.tenant_id AND n.customer_id = f.customer_id
       LEFT JOIN analytics.stores s ON s.id = f.store_id
       CROSS JOIN LATERAL (SELECT f.store_id AS scope_id, analytics.local_day(f.placed_at, s.timezone) AS day
                            WHERE s.timezone IS NOT NULL
                           UNION ALL
                           SELECT '${ALL_STORES}'::uuid, analytics.local_day(f.placed_at, ${tenantZoneOf('f.tenant_id')})) d
       JOIN (SELECT k.tenant_id, repeat('0', k.capacity)::varbit AS empty
               FROM jsonb_to_recordset($2::jsonb) AS k(tenant_id uuid, capacity int)) k ON k.tenant_id = f.tenant_id
      WHERE f.order_id = ANY($1::uuid[]) AND ${isSale('f')}
      GROUP BY f.tenant_id, d.scope_id, d.day
     ON CONFLICT (tenant_id, scope_id, day) DO UPDATE SET customers = daily_customers.customers | EXCLUDED.customers`,
    [orderIds, sizes],
  );
}

/**
 * Brings the customer sets up to date with a batch: its customers numbered, the days of its cancelled
 * orders recomputed, and its sales' customers added to their days.
 */
export async function refreshDailyCustomers(
  manager: EntityManager,
  customers: CustomerRef[],
  orderIds: string[],
): Promise<void> {
  if (customers.length > 0) {
    const named = [...new Map(customers.map((c) => [`${c.tenantId}/${c.customerId}`, c])).values()];
    await numberCustomers(
      manager,
      `SELECT r.tenant_id, r.customer_id, now() AS first_at
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id uuid, customer_id uuid)`,
      [JSON.stringify(named.map((c) => ({ tenant_id: c.tenantId, customer_id: c.customerId })))],
    );
  }
  if (orderIds.length === 0) return;
  const orders: { tenant_id: string; store_id: string; placed_at: Date; cancelled: boolean }[] = await manager.query(
    `SELECT tenant_id, store_id, placed_at, cancelled_at IS NOT NULL AS cancelled FROM analytics.order_facts
      WHERE order_id = ANY($1::uuid[]) AND customer_id IS NOT NULL AND placed_at IS NOT NULL`,
    [orderIds],
  );
  if (orders.length === 0) return;
  const sizes = JSON.stringify(await capacities(manager, [...new Set(orders.map((order) => order.tenant_id))]));
  const cancelled = orders.filter((order) => order.cancelled);
  await recomputeDays(
    manager,
    cancelled.map((order) => ({
      tenantId: order.tenant_id,
      storeId: order.store_id,
      hour: hourOf(new Date(order.placed_at)),
    })),
    sizes,
  );
  await addSales(manager, orderIds, sizes);
}

/** The rows of every day of the stores that `where` picks (on facts `f`, their store `s`), in the stores' own dates. */
const STORE_DAYS = (where: string) => `
  SELECT DISTINCT f.tenant_id, f.store_id AS scope_id, analytics.local_day(f.placed_at, s.timezone) AS day, n.number
    FROM ${NUMBERED_SALE(where, 'JOIN analytics.stores s ON s.id = f.store_id')}`;

/** Rebuilds every customer set of a tenant from its facts: for a backfill or a bulk load. */
export async function rebuildDailyCustomers(manager: EntityManager, tenantId: string): Promise<void> {
  await numberCustomers(
    manager,
    `SELECT f.tenant_id, f.customer_id, min(f.placed_at) AS first_at FROM analytics.order_facts f
      WHERE f.tenant_id = $1 AND f.customer_id IS NOT NULL GROUP BY f.tenant_id, f.customer_id`,
    [tenantId],
  );
  const sizes = JSON.stringify(await capacities(manager, [tenantId]));
  await manager.query(`DELETE FROM analytics.daily_customers WHERE tenant_id = $1`, [tenantId]);
  await manager.query(
    `INSERT INTO analytics.daily_customers (tenant_id, scope_id, day, customers)
     ${SETS_OF(STORE_DAYS('f.tenant_id = $1'))}`,
    [tenantId, sizes],
  );
  await rebuildTenantCustomers(manager, [tenantId]);
}

/** Rebuilds the tenants' every-store sets, dated in each tenant's zone: for tenants whose zone changed. */
export async function rebuildTenantCustomers(manager: EntityManager, tenantIds: string[]): Promise<void> {
  if (tenantIds.length === 0) return;
  const sizes = JSON.stringify(await capacities(manager, tenantIds));
  for (const [tenantId, zone] of await tenantZones(manager, tenantIds)) {
    await manager.query(`DELETE FROM analytics.daily_customers WHERE tenant_id = $1 AND scope_id = $2`, [
      tenantId,
      ALL_STORES,
    ]);
    await manager.query(
      `INSERT INTO analytics.daily_customers (tenant_id, scope_id, day, customers)
       ${SETS_OF(`SELECT DISTINCT f.tenant_id, '${ALL_STORES}'::uuid AS scope_id, analytics.local_day(f.placed_at, $3) AS day, n.number
                    FROM ${NUMBERED_SALE('f.tenant_id = $1')}`)}`,
      [tenantId, sizes, zone],
    );
  }
}

/**
 * Rebuilds the sets of stores whose time zone analytics learned only now: their sales were dated
 * in UTC until the store's own profile arrived.
 */
export async function rebuildStoreCustomers(manager: EntityManager, stores: StoreRef[]): Promise<void> {
  if (stores.length === 0) return;
  const storeIds = stores.map((store) => store.storeId);
  const sizes = JSON.stringify(await capacities(manager, [...new Set(stores.map((store) => store.tenantId))]));
  await manager.query(`DELETE FROM analytics.daily_customers WHERE scope_id = ANY($1::uuid[])`, [storeIds]);
  await manager.query(
    `INSERT INTO analytics.daily_customers (tenant_id, scope_id, day, customers)
     ${SETS_OF(STORE_DAYS('f.store_id = ANY($1::uuid[])'))}`,
    [storeIds, sizes],
  );
}
