import { createDomainEvent } from '../../common/events/domain-event.ts';
import type { Order, OrderLine, OrderLineModifier, OrderStatus } from './order.entity.ts';

/** An order as placed, complete enough that a consumer (analytics, say) needs nothing else. */
export interface OrderPlacedPayload {
  orderId: string;
  storeId: string;
  customerId: string | null;
  number: string;
  currency: string;
  pricesIncludeTax: boolean;
  lines: {
    productId: string;
    productName: string;
    variantId: string;
    variantName: string;
    quantity: number;
    unitPrice: number;
    modifiers: OrderLineModifier[];
    total: number;
  }[];
  itemCount: number;
  subtotal: number;
  tax: number;
  total: number;
  placedAt: string;
  pickupAt: string;
}

export interface OrderStatusChangedPayload {
  orderId: string;
  storeId: string;
  customerId: string | null;
  from: OrderStatus;
  to: OrderStatus;
  at: string;
  /** Why it was cancelled, when it was. */
  reason: string | null;
}

/** An event about an order, dated when it happened (not when it was written). */
const orderEvent = <P>(type: string, order: Order, payload: P, occurredAt: Date) => ({
  ...createDomainEvent<P>({ type, source: 'orders', tenantId: order.tenantId, aggregateId: order.id, payload }),
  occurredAt: occurredAt.toISOString(),
});

type PlacedLine = Pick<
  OrderLine,
  'productId' | 'productName' | 'variantId' | 'variantName' | 'quantity' | 'unitPrice' | 'modifiers' | 'total'
>;

export const orderPlaced = (order: Order, lines: PlacedLine[]) =>
  orderEvent<OrderPlacedPayload>(
    'OrderPlaced',
    order,
    {
      orderId: order.id,
      storeId: order.storeId,
      customerId: order.customerId,
      number: order.number,
      currency: order.currency,
      pricesIncludeTax: order.pricesIncludeTax,
      lines: lines.map(({ productId, productName, variantId, variantName, quantity, unitPrice, modifiers, total }) => ({
        productId,
        productName,
        variantId,
        variantName,
        quantity,
        unitPrice,
        modifiers,
        total,
      })),
      itemCount: order.itemCount,
      subtotal: order.subtotal,
      tax: order.tax,
      total: order.total,
      placedAt: order.placedAt.toISOString(),
      pickupAt: order.pickupAt.toISOString(),
    },
    order.placedAt,
  );

export const orderStatusChanged = (
  order: Order,
  from: OrderStatus,
  to: OrderStatus,
  at: Date,
  reason: string | null = null,
) =>
  orderEvent<OrderStatusChangedPayload>(
    'OrderStatusChanged',
    order,
    { orderId: order.id, storeId: order.storeId, customerId: order.customerId, from, to, at: at.toISOString(), reason },
    at,
  );

export interface OrderCancelledPayload {
  orderId: string;
  storeId: string;
  customerId: string | null;
  from: OrderStatus;
  reason: string | null;
  cancelledBy: 'customer' | 'staff';
  at: string;
}

export const orderCancelled = (order: Order, from: OrderStatus, cancelledBy: 'customer' | 'staff', at: Date) =>
  orderEvent<OrderCancelledPayload>(
    'OrderCancelled',
    order,
    {
      orderId: order.id,
      storeId: order.storeId,
      customerId: order.customerId,
      from,
      reason: order.cancellationReason,
      cancelledBy,
      at: at.toISOString(),
    },
    at,
  );
