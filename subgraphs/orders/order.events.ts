import { createDomainEvent } from '../../common/events/domain-event.ts';
import type { Order, OrderLine, OrderStatus } from './order.entity.ts';

/** What analytics, payments and notifications learn of an order: self-contained, ids and amounts. */
export interface OrderPlacedPayload {
  orderId: string;
  storeId: string;
  customerId: string | null;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  itemCount: number;
  placedAt: string;
  pickupAt: string;
  lines: {
    productId: string;
    variantId: string;
    productName: string;
    variantName: string;
    quantity: number;
    unitPrice: number;
    total: number;
  }[];
}

export interface OrderStatusChangedPayload {
  orderId: string;
  storeId: string;
  customerId: string | null;
  from: OrderStatus;
  to: OrderStatus;
  at: string;
}

export interface OrderCancelledPayload {
  orderId: string;
  storeId: string;
  customerId: string | null;
  from: OrderStatus;
  reason: string | null;
  cancelledBy: 'customer' | 'staff';
  at: string;
}

const orderEvent = <P>(type: string, order: Order, payload: P, occurredAt?: Date) => ({
  ...createDomainEvent<P>({ type, source: 'orders', tenantId: order.tenantId, aggregateId: order.id, payload }),
  ...(occurredAt ? { occurredAt: occurredAt.toISOString() } : {}),
});

export const orderPlaced = (order: Order, lines: Omit<OrderLine, 'id' | 'tenantId' | 'orderId'>[]) =>
  orderEvent<OrderPlacedPayload>(
    'OrderPlaced',
    order,
    {
      orderId: order.id,
      storeId: order.storeId,
      customerId: order.customerId,
      currency: order.currency,
      subtotal: order.subtotal,
      tax: order.tax,
      total: order.total,
      itemCount: order.itemCount,
      placedAt: order.placedAt.toISOString(),
      pickupAt: order.pickupAt.toISOString(),
      lines: lines.map((line) => ({
        productId: line.productId,
        variantId: line.variantId,
        productName: line.productName,
        variantName: line.variantName,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        total: line.total,
      })),
    },
    order.placedAt,
  );

export const orderStatusChanged = (order: Order, from: OrderStatus, at: Date) =>
  orderEvent<OrderStatusChangedPayload>(
    'OrderStatusChanged',
    order,
    {
      orderId: order.id,
      storeId: order.storeId,
      customerId: order.customerId,
      from,
      to: order.status,
      at: at.toISOString(),
    },
    at,
  );

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
