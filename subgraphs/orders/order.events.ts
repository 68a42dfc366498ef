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

type PlacedLine = Pick<
  OrderLine,
  'productId' | 'productName' | 'variantId' | 'variantName' | 'quantity' | 'unitPrice' | 'modifiers' | 'total'
>;

export const orderPlaced = (order: Order, lines: PlacedLine[]) => ({
  ...createDomainEvent<OrderPlacedPayload>({
    type: 'OrderPlaced',
    source: 'orders',
    tenantId: order.tenantId,
    aggregateId: order.id,
    payload: {
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
  }),
  occurredAt: order.placedAt.toISOString(),
});

export const orderStatusChanged = (
  order: Order,
  from: OrderStatus,
  to: OrderStatus,
  at: Date,
  reason: string | null = null,
) => ({
  ...createDomainEvent<OrderStatusChangedPayload>({
    type: 'OrderStatusChanged',
    source: 'orders',
    tenantId: order.tenantId,
    aggregateId: order.id,
    payload: {
      orderId: order.id,
      storeId: order.storeId,
      customerId: order.customerId,
      from,
      to,
      at: at.toISOString(),
      reason,
    },
  }),
  occurredAt: at.toISOString(),
});

export interface OrderCancelledPayload {
  orderId: string;
  storeId: string;
  customerId: string | null;
  from: OrderStatus;
  reason: string | null;
  cancelledBy: 'customer' | 'staff';
  at: string;
}

export const orderCancelled = (order: Order, from: OrderStatus, cancelledBy: 'customer' | 'staff', at: Date) => ({
  ...createDomainEvent<OrderCancelledPayload>({
    type: 'OrderCancelled',
    source: 'orders',
    tenantId: order.tenantId,
    aggregateId: order.id,
    payload: {
      orderId: order.id,
      storeId: order.storeId,
      customerId: order.customerId,
      from,
      reason: order.cancellationReason,
      cancelledBy,
      at: at.toISOString(),
    },
  }),
  occurredAt: at.toISOString(),
});
