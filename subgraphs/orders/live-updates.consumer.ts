import type { PubSubEngine } from 'graphql-subscriptions';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import type { EventConsumer } from '../../common/service/subgraph-module.ts';
import { INVENTORY_LOW, type InventoryLowPayload } from './inventory.events.ts';
import {
  lowStockTopic,
  orderTopic,
  storeOrdersTopic,
  type LowStockMessage,
  type OrderChangedMessage,
} from './live-topics.ts';

type Publication = { topic: string; message: unknown };

/** An order changed: its own subscribers and its store's kitchen display hear of it. */
const orderChanged = (event: DomainEvent): Publication[] => {
  const { orderId, storeId } = event.payload as { orderId: string; storeId: string };
  const message: OrderChangedMessage = { tenantId: event.tenantId!, orderId };
  return [
    { topic: orderTopic(orderId), message },
    { topic: storeOrdersTopic(storeId), message },
  ];
};

/** What each kind of committed event tells live subscribers; other events tell them nothing. */
const publicationsOf: Record<string, (event: DomainEvent) => Publication[]> = {
  OrderPlaced: orderChanged,
  OrderStatusChanged: orderChanged,
  OrderPaid: orderChanged,
  [INVENTORY_LOW]: (event) => {
    const { storeId, ingredientId } = event.payload as InventoryLowPayload;
    const message: LowStockMessage = { tenantId: event.tenantId!, storeId, ingredientId };
    return [{ topic: lowStockTopic(storeId), message }];
  },
};

/**
 * Turns committed events into pub/sub messages for the subscriptions. Messages carry ids, and each
 * subscriber reads the row fresh, so a redelivered event only repeats what is already true, and a
 * change that rolled back is never heard of.
 */
export function liveUpdatesConsumer(pubsub: PubSubEngine): EventConsumer {
  return {
    name: 'live-updates',
    async handle(event) {
      if (event.source !== 'orders' || !event.tenantId) return;
      for (const { topic, message } of publicationsOf[event.type]?.(event) ?? []) await pubsub.publish(topic, message);
    },
  };
}
