import type { PubSubEngine } from 'graphql-subscriptions';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import type { EventConsumer } from '../../common/service/subgraph-module.ts';
import { INVENTORY_LOW, type InventoryLowPayload } from './inventory.events.ts';
import { lowStockTopic, type LowStockMessage } from './live-topics.ts';

type Publication = { topic: string; message: unknown };

/** What each kind of committed event tells live subscribers; other events tell them nothing. */
const publicationsOf: Record<string, (event: DomainEvent) => Publication[]> = {
  [INVENTORY_LOW]: (event) => {
    const { storeId, ingredientId } = event.payload as InventoryLowPayload;
    const message: LowStockMessage = { tenantId: event.tenantId!, storeId, ingredientId };
    return [{ topic: lowStockTopic(storeId), message }];
  },
};

/**
 * Turns committed events into pub/sub messages for the subscriptions. Messages carry ids, and each
 * subscriber reads the row fresh, so a redelivered event only repeats what is already true.
 */
export function liveUpdatesConsumer(pubsub: PubSubEngine): EventConsumer {
  return {
    name: 'live-updates',
    async handle(event) {
      for (const { topic, message } of publicationsOf[event.type]?.(event) ?? []) await pubsub.publish(topic, message);
    },
  };
}
