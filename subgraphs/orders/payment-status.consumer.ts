import { IsNull } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { consumeOnce } from '../../common/events/consume-once.ts';
import { createDomainEvent, type DomainEvent } from '../../common/events/domain-event.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import type { EventConsumer } from '../../common/service/subgraph-module.ts';
import { OrderEntity } from './order.entity.ts';

/** What orders needs of a payment: which order it paid for. Payment itself is the payments subgraph's. */
interface PaymentSucceededPayload {
  orderId: string;
}

/**
 * Marks an order paid when the payments subgraph reports its payment succeeded, once per event,
 * so a store that accepts only paid orders can accept it; the kitchen display hears of it too.
 */
export function paymentStatusConsumer(database: Database): EventConsumer {
  return {
    name: 'payment-status',
    async handle(event: DomainEvent) {
      if (event.source !== 'payments' || event.type !== 'PaymentSucceeded' || !event.tenantId) return;
      const { orderId } = event.payload as PaymentSucceededPayload;
      await consumeOnce(database, 'payment-status', event, async (manager) => {
        const orders = manager.getRepository(OrderEntity);
        const paidAt = new Date(event.occurredAt);
        const { affected } = await orders.update({ id: orderId, paidAt: IsNull() }, { paidAt });
        if (!affected) return;
        const order = await orders.findOneByOrFail({ id: orderId });
        await recordEvents(manager, [
          createDomainEvent({
            type: 'OrderPaid',
            source: 'orders',
            tenantId: order.tenantId,
            aggregateId: order.id,
            payload: { orderId: order.id, storeId: order.storeId, paidAt: paidAt.toISOString() },
          }),
        ]);
      });
    },
  };
}
