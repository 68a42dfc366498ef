import { EntitySchema } from 'typeorm';

/**
 * An order as payments knows it, from the orders subgraph's OrderPlaced and OrderCancelled events:
 * what is owed, in which currency, by whom. Amounts charged come from here, never from a client.
 */
export interface PayableOrder {
  id: string;
  tenantId: string;
  storeId: string;
  customerId: string | null;
  currency: string;
  total: number;
  placedAt: Date;
  cancelledAt: Date | null;
}

export const PayableOrderEntity = new EntitySchema<PayableOrder>({
  name: 'PayableOrder',
  tableName: 'payable_orders',
  columns: {
    id: { type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    storeId: { name: 'store_id', type: 'uuid' },
    customerId: { name: 'customer_id', type: 'uuid', nullable: true },
    currency: { type: 'char', length: 3 },
    total: { type: 'int' },
    placedAt: { name: 'placed_at', type: 'timestamptz' },
    cancelledAt: { name: 'cancelled_at', type: 'timestamptz', nullable: true },
  },
});
