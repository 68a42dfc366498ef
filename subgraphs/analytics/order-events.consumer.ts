import type { Database } from '../../common/database/database.ts';
import type { EventConsumer } from '../../common/service/subgraph-module.ts';
import type { CatchUp } from './catch-up.ts';
import { applyEvents, CONSUMER } from './event-batch.ts';
import type { KpiNotifier } from './kpi-notifier.ts';

/**
 * Applies the orders and payments subgraphs' events as the bus brings them, once per event id, and
 * tells live subscribers of the stores it changed. An event a catch-up under way will read anyway is
 * left to it: it applies whole pages at once.
 */
export function orderEventsConsumer(database: Database, notifier: KpiNotifier, catchUp: CatchUp): EventConsumer {
  return {
    name: CONSUMER,
    async handle(event) {
      if (!event.tenantId || catchUp.willRead(event)) return;
      const stores = await database.transaction(event.tenantId, (manager) => applyEvents(manager, [event]));
      for (const { tenantId, storeId } of stores) notifier.changed(tenantId, storeId);
    },
  };
}
