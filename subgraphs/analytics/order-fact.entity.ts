import { EntitySchema } from 'typeorm';

/**
 * One order as analytics has heard of it so far. Events fill in their part in whatever order they
 * arrive; the order is a sale once it is placed and paid or completed, and not cancelled.
 */
export interface OrderFact {
  orderId: string;
  tenantId: string;
  storeId: string;
  customerId: string | null;
  /** Null until OrderPlaced has arrived. */
  currency: string | null;
  total: number | null;
  itemCount: number | null;
  placedAt: Date | null;
  completedAt: Date | null;
  paidAt: Date | null;
  cancelledAt: Date | null;
}

export interface OrderFactLine {
  orderId: string;
  position: number;
  tenantId: string;
  productId: string;
  productName: string;
  quantity: number;
  total: number;
}

export const OrderFactEntity = new EntitySchema<OrderFact>({
  name: 'OrderFact',
  tableName: 'order_facts',
  columns: {
    orderId: { name: 'order_id', type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    storeId: { name: 'store_id', type: 'uuid' },
    customerId: { name: 'customer_id', type: 'uuid', nullable: true },
    currency: { type: 'character', length: 3, nullable: true },
    total: { type: 'integer', nullable: true },
    itemCount: { name: 'item_count', type: 'integer', nullable: true },
    placedAt: { name: 'placed_at', type: 'timestamptz', nullable: true },
    completedAt: { name: 'completed_at', type: 'timestamptz', nullable: true },
    paidAt: { name: 'paid_at', type: 'timestamptz', nullable: true },
    cancelledAt: { name: 'cancelled_at', type: 'timestamptz', nullable: true },
  },
  indices: [
    { name: 'order_facts_store_placed_idx', columns: ['tenantId', 'storeId', 'placedAt'] },
    { name: 'order_facts_customer_placed_idx', columns: ['tenantId', 'customerId', 'placedAt'] },
    { name: 'order_facts_placed_idx', columns: ['tenantId', 'placedAt'] },
  ],
});

export const OrderFactLineEntity = new EntitySchema<OrderFactLine>({
  name: 'OrderFactLine',
  tableName: 'order_fact_lines',
  columns: {
    orderId: { name: 'order_id', type: 'uuid', primary: true },
    position: { type: 'integer', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    productId: { name: 'product_id', type: 'uuid' },
    productName: { name: 'product_name', type: 'text' },
    quantity: { type: 'integer' },
    total: { type: 'integer' },
  },
});
