import { EntitySchema } from 'typeorm';

export const ORDER_STATUSES = ['PLACED', 'ACCEPTED', 'PREPARING', 'READY', 'COMPLETED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  id: string;
  tenantId: string;
  storeId: string;
  customerId: string | null;
  number: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  pricesIncludeTax: boolean;
  itemCount: number;
  notes: string | null;
  pickupAt: Date;
  placedAt: Date;
  acceptedAt: Date | null;
  startedAt: Date | null;
  readyAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  cancellationReason: string | null;
  paidAt: Date | null;
}

export interface OrderLineModifier {
  optionId: string;
  name: string;
  priceDelta: number;
}

export interface OrderLine {
  id: string;
  tenantId: string;
  orderId: string;
  position: number;
  productId: string;
  variantId: string;
  productName: string;
  variantName: string;
  quantity: number;
  unitPrice: number;
  modifiers: OrderLineModifier[];
  total: number;
}

export const OrderEntity = new EntitySchema<Order>({
  name: 'Order',
  tableName: 'orders',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    storeId: { name: 'store_id', type: 'uuid' },
    customerId: { name: 'customer_id', type: 'uuid', nullable: true },
    number: { type: 'text' },
    status: { type: 'text' },
    currency: { type: 'char', length: 3 },
    subtotal: { type: 'int' },
    tax: { type: 'int' },
    total: { type: 'int' },
    pricesIncludeTax: { name: 'prices_include_tax', type: 'boolean' },
    itemCount: { name: 'item_count', type: 'int' },
    notes: { type: 'text', nullable: true },
    pickupAt: { name: 'pickup_at', type: 'timestamptz' },
    placedAt: { name: 'placed_at', type: 'timestamptz' },
    acceptedAt: { name: 'accepted_at', type: 'timestamptz', nullable: true },
    startedAt: { name: 'started_at', type: 'timestamptz', nullable: true },
    readyAt: { name: 'ready_at', type: 'timestamptz', nullable: true },
    completedAt: { name: 'completed_at', type: 'timestamptz', nullable: true },
    cancelledAt: { name: 'cancelled_at', type: 'timestamptz', nullable: true },
    cancellationReason: { name: 'cancellation_reason', type: 'text', nullable: true },
    paidAt: { name: 'paid_at', type: 'timestamptz', nullable: true },
  },
  indices: [
    { name: 'orders_tenant_placed_idx', columns: ['tenantId', 'placedAt'] },
    { name: 'orders_store_status_pickup_idx', columns: ['storeId', 'status', 'pickupAt'] },
    { name: 'orders_customer_placed_idx', columns: ['customerId', 'placedAt'] },
  ],
});

export const OrderLineEntity = new EntitySchema<OrderLine>({
  name: 'OrderLine',
  tableName: 'order_lines',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    orderId: { name: 'order_id', type: 'uuid' },
    position: { type: 'int' },
    productId: { name: 'product_id', type: 'uuid' },
    variantId: { name: 'variant_id', type: 'uuid' },
    productName: { name: 'product_name', type: 'text' },
    variantName: { name: 'variant_name', type: 'text' },
    quantity: { type: 'int' },
    unitPrice: { name: 'unit_price', type: 'int' },
    modifiers: { type: 'jsonb' },
    total: { type: 'int' },
  },
  indices: [{ name: 'order_lines_order_idx', columns: ['orderId'] }],
});
