import { IsNull } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { consumeOnce } from '../../common/events/consume-once.ts';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import type { EventConsumer } from '../../common/service/subgraph-module.ts';
import { PayableOrderEntity } from './payable-order.entity.ts';
import { PaymentEntity } from './payment.entity.ts';

/** What payments needs of an order the orders subgraph placed: its OrderPlaced payload, in part. */
interface OrderPlacedPayload {
  orderId: string;
  storeId: string;
  customerId: string | null;
  currency: string;
  total: number;
  placedAt: string;
}

interface OrderCancelledPayload {
  orderId: string;
  at: string;
}

/**
 * Keeps what is owed for each order, from the orders subgraph's own events: the amount a payment
 * collects is the one the order was placed at, whatever a client says. A cancelled order's payments
 * are then settled (`onCancelled`), on every delivery of the event: a repeat resumes what an outage
 * or a crash left claimed, and finds nothing left to do otherwise.
 */
export function orderEventsConsumer(
  database: Database,
  onCancelled: (tenantId: string, orderId: string) => Promise<void>,
): EventConsumer {
  return {
    name: 'payable-orders',
    async handle(event: DomainEvent) {
      if (event.source !== 'orders' || !event.tenantId) return;
      const tenantId = event.tenantId;
      if (event.type === 'OrderPlaced') {
        const placed = event.payload as OrderPlacedPayload;
        await consumeOnce(database, 'payable-orders', event, async (manager) => {
          await manager
            .createQueryBuilder()
            .insert()
            .into(PayableOrderEntity)
            .values({
              id: placed.orderId,
              tenantId,
              storeId: placed.storeId,
              customerId: placed.customerId,
              currency: placed.currency,
              total: placed.total,
              placedAt: new Date(placed.placedAt),
              cancelledAt: null,
            })
            .orIgnore()
            .execute();
        });
      } else if (event.type === 'OrderCancelled') {
        const cancelled = event.payload as OrderCancelledPayload;
        let paidFor = false;
        const fresh = await consumeOnce(database, 'payable-orders', event, async (manager) => {
          await manager
            .getRepository(PayableOrderEntity)
            .update({ id: cancelled.orderId, cancelledAt: IsNull() }, { cancelledAt: new Date(cancelled.at) });
          paidFor = await manager.getRepository(PaymentEntity).existsBy({ orderId: cancelled.orderId });
        });
        // Most cancelled orders were never paid for: nothing to settle on their first delivery.
        if (paidFor || !fresh) await onCancelled(tenantId, cancelled.orderId);
      }
    },
  };
}
