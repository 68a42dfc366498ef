import type { EntityManager } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { consumeOnce } from '../../common/events/consume-once.ts';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import type { EventConsumer } from '../../common/service/subgraph-module.ts';
import type { KpiNotifier } from './kpi-notifier.ts';
import { recordMilestone, recordPlaced, type PlacedOrder } from './order-facts.ts';
import type { SalesBucket } from './rollup-refresh.ts';

interface StoreCreatedPayload {
  storeId: string;
  timezone: string;
  currency: string;
}

interface OrderMilestonePayload {
  orderId: string;
  storeId: string;
  customerId?: string | null;
}

type Apply = (manager: EntityManager, tenantId: string, event: DomainEvent) => Promise<SalesBucket[]>;

const milestoneOf = (event: DomainEvent) => event.payload as OrderMilestonePayload;

/** What each of the orders subgraph's events changes here; the rest change nothing. */
const appliers: Record<string, Apply | undefined> = {
  StoreCreated: async (manager, tenantId, event) => {
    const { storeId, timezone, currency } = event.payload as StoreCreatedPayload;
    await manager.query(
      `INSERT INTO analytics.stores (id, tenant_id, timezone, currency) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET timezone = EXCLUDED.timezone, currency = EXCLUDED.currency`,
      [storeId, tenantId, timezone, currency],
    );
    return [];
  },
  OrderPlaced: (manager, tenantId, event) => recordPlaced(manager, tenantId, event.payload as PlacedOrder),
  OrderStatusChanged: (manager, tenantId, event) => {
    const { to, at } = event.payload as { to: string; at: string };
    if (to === 'COMPLETED') return recordMilestone(manager, tenantId, milestoneOf(event), 'completedAt', new Date(at));
    if (to === 'CANCELLED') return recordMilestone(manager, tenantId, milestoneOf(event), 'cancelledAt', new Date(at));
    return Promise.resolve([]);
  },
  OrderCancelled: (manager, tenantId, event) =>
    recordMilestone(
      manager,
      tenantId,
      milestoneOf(event),
      'cancelledAt',
      new Date((event.payload as { at: string }).at),
    ),
  OrderPaid: (manager, tenantId, event) =>
    recordMilestone(
      manager,
      tenantId,
      milestoneOf(event),
      'paidAt',
      new Date((event.payload as { paidAt: string }).paidAt),
    ),
};

export const CONSUMER = 'sales-rollups';

/**
 * Applies one of the orders subgraph's events to the order facts and the hours they roll up into,
 * once per event id, and tells live subscribers of the stores it changed.
 */
export function orderEventsConsumer(database: Database, notifier: KpiNotifier): EventConsumer {
  return {
    name: CONSUMER,
    async handle(event) {
      const apply = event.source === 'orders' ? appliers[event.type] : undefined;
      const tenantId = event.tenantId;
      if (!apply || !tenantId) return;
      let touched: SalesBucket[] = [];
      await consumeOnce(database, CONSUMER, event, async (manager) => {
        touched = await apply(manager, tenantId, event);
      });
      for (const storeId of new Set(touched.map((bucket) => bucket.storeId))) notifier.changed(tenantId, storeId);
    },
  };
}
