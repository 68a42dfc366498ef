import { randomUUID } from 'node:crypto';
import type { Database } from '../../common/database/database.ts';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import { applyEvents } from '../../subgraphs/analytics/event-batch.ts';
import type { PlacedOrder } from '../../subgraphs/analytics/ingested-events.ts';

/** A completed sale, as the orders subgraph would tell analytics of it. */
export type CompletedSale = Omit<PlacedOrder, 'orderId'> & { orderId?: string };

const ordersEvent = (tenantId: string, type: string, at: string, payload: unknown): DomainEvent => ({
  id: randomUUID(),
  type,
  source: 'orders',
  tenantId,
  aggregateId: randomUUID(),
  occurredAt: at,
  payload,
});

/**
 * Feeds sales through analytics' own ingestion (the batch every event goes through): each is placed
 * and completed at its `placedAt`. Returns the order ids.
 */
export async function recordCompletedSales(
  database: Database,
  tenantId: string,
  sales: CompletedSale[],
): Promise<string[]> {
  const placed = sales.map((sale) => ({ ...sale, orderId: sale.orderId ?? randomUUID() }));
  const events = placed.flatMap((order) => [
    ordersEvent(tenantId, 'OrderPlaced', order.placedAt, order),
    ordersEvent(tenantId, 'OrderStatusChanged', order.placedAt, {
      orderId: order.orderId,
      storeId: order.storeId,
      customerId: order.customerId,
      to: 'COMPLETED',
      at: order.placedAt,
    }),
  ]);
  await database.transaction(tenantId, (manager) => applyEvents(manager, events));
  return placed.map((order) => order.orderId);
}

/** What StoreCreated tells analytics of a store. */
export async function recordStore(
  database: Database,
  tenantId: string,
  store: { id: string; timezone: string; currency: string },
): Promise<void> {
  const event = ordersEvent(tenantId, 'StoreCreated', new Date().toISOString(), {
    storeId: store.id,
    timezone: store.timezone,
    currency: store.currency,
  });
  await database.transaction(tenantId, (manager) => applyEvents(manager, [event]));
}
