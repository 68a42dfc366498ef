import type { PubSubEngine } from 'graphql-subscriptions';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import type { EventConsumer } from '../../common/service/subgraph-module.ts';
import { orderTopic, storeOrdersTopic, type OrderChangedMessage } from './live-topics.ts';

const ORDER_EVENTS = new Set(['OrderPlaced', 'OrderStatusChanged', 'OrderPaid']);

/**
 * Turns committed events into pushes for the subscriptions. Delivery is at least once, so a
 * subscriber may now and then get the same snapshot twice; it never gets one that rolled back.
 */
export function liveUpdatesConsumer(pubsub: PubSubEngine): EventConsumer {
  return {
    name: 'live-updates',
    async handle(event: DomainEvent) {
      if (event.source !== 'orders' || !event.tenantId) return;
      if (ORDER_EVENTS.has(event.type)) {
        const { orderId, storeId } = event.payload as { orderId: string; storeId: string };
        const message: OrderChangedMessage = { tenantId: event.tenantId, orderId };
        await pubsub.publish(orderTopic(orderId), message);
        await pubsub.publish(storeOrdersTopic(storeId), message);
      }
    },
  };
}
