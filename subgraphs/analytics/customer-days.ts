import type { EntityManager } from 'typeorm';
import type { CustomerRef } from './touched-hours.ts';
import { DAYS_IN_MASK } from './customer-days.entity.ts';
import { isSale } from './sales-hour.ts';

/** The customers to recompute: their sales' facts (a FROM clause naming them `f`, with its WHERE), and how to clear their rows. */
interface Customers {
  facts: string;
  params: unknown[];
  clear: string;
}

const UTC_YEAR = (column: string) => `extract(year FROM ${column} AT TIME ZONE 'UTC')::smallint`;
const UTC_DAY_OF_YEAR = (column: string) => `extract(doy FROM ${column} AT TIME ZONE 'UTC')::int`;

function listed(customers: CustomerRef[]): Customers {
  const unique = new Map(customers.map((c) => [`${c.tenantId}/${c.customerId}`, c]));
  const relation = `(SELECT DISTINCT * FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id uuid, customer_id uuid)) AS c`;
  return {
    // Each customer an index scan whatever the planner guesses of the list (OFFSET 0: never flattened).
    facts: `${relation} CROSS JOIN LATERAL (SELECT * FROM analytics.order_facts f
              WHERE f.tenant_id = c.tenant_id AND f.customer_id = c.customer_id OFFSET 0) f WHERE ${isSale('f')}`,
    params: [JSON.stringify([...unique.values()].map((c) => ({ tenant_id: c.tenantId, customer_id: c.customerId })))],
    clear: `DELETE FROM analytics.customer_sale_days d USING ${relation}
             WHERE d.tenant_id = c.tenant_id AND d.customer_id = c.customer_id`,
  };
}

const everyCustomerOf = (tenantId: string): Customers => ({
  facts: `analytics.order_facts f WHERE f.tenant_id = $1 AND f.customer_id IS NOT NULL AND ${isSale('f')}`,
  params: [tenantId],
  clear: `DELETE FROM analytics.customer_sale_days WHERE tenant_id = $1`,
});

/**
 * Recomputes the sale days of these customers from their facts. Like the hourly rollups they are
 * derived, never incremented, so an event applied twice or out of order changes nothing.
 */
async function recompute(manager: EntityManager, { facts, params, clear }: Customers): Promise<void> {
  await manager.query(clear, params);
  await manager.query(
    `INSERT INTO analytics.customer_sale_days (tenant_id, store_id, customer_id, year, days)
     SELECT f.tenant_id, f.store_id, f.customer_id, ${UTC_YEAR('f.placed_at')},
            bit_or(set_bit(repeat('0', ${DAYS_IN_MASK})::bit(${DAYS_IN_MASK}), ${UTC_DAY_OF_YEAR('f.placed_at')} - 1, 1))
       FROM ${facts}
      GROUP BY f.tenant_id, f.store_id, f.customer_id, ${UTC_YEAR('f.placed_at')}`,
    params,
  );
}

export const refreshCustomerDays = (manager: EntityManager, customers: CustomerRef[]) =>
  customers.length === 0 ? Promise.resolve() : recompute(manager, listed(customers));

export const rebuildCustomerDays = (manager: EntityManager, tenantId: string) =>
  recompute(manager, everyCustomerOf(tenantId));
