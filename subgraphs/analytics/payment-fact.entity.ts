import { EntitySchema } from 'typeorm';

/**
 * A payment as analytics heard of it from PaymentSucceeded. Its store is its order's (order facts):
 * until the order is known here the payment is counted nowhere.
 */
export interface PaymentFact {
  paymentId: string;
  tenantId: string;
  orderId: string;
  provider: string;
  /** How an in-store payment was taken; null for other providers and when the event did not say. */
  method: string | null;
  currency: string;
  amount: number;
  succeededAt: Date;
}

/** One PaymentRefunded: money back in the hour it went back, under the payment's provider and method. */
export interface PaymentRefundFact {
  eventId: string;
  tenantId: string;
  paymentId: string;
  orderId: string;
  provider: string;
  method: string | null;
  currency: string;
  amount: number;
  refundedAt: Date;
}

export const PaymentFactEntity = new EntitySchema<PaymentFact>({
  name: 'PaymentFact',
  tableName: 'payment_facts',
  columns: {
    paymentId: { name: 'payment_id', type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    orderId: { name: 'order_id', type: 'uuid' },
    provider: { type: 'text' },
    method: { type: 'text', nullable: true },
    currency: { type: 'character', length: 3 },
    amount: { type: 'integer' },
    succeededAt: { name: 'succeeded_at', type: 'timestamptz' },
  },
  indices: [
    { name: 'payment_facts_order_idx', columns: ['orderId'] },
    { name: 'payment_facts_succeeded_idx', columns: ['tenantId', 'succeededAt'] },
  ],
});

export const PaymentRefundFactEntity = new EntitySchema<PaymentRefundFact>({
  name: 'PaymentRefundFact',
  tableName: 'payment_refund_facts',
  columns: {
    eventId: { name: 'event_id', type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    paymentId: { name: 'payment_id', type: 'uuid' },
    orderId: { name: 'order_id', type: 'uuid' },
    provider: { type: 'text' },
    method: { type: 'text', nullable: true },
    currency: { type: 'character', length: 3 },
    amount: { type: 'integer' },
    refundedAt: { name: 'refunded_at', type: 'timestamptz' },
  },
  indices: [
    { name: 'payment_refund_facts_order_idx', columns: ['orderId'] },
    { name: 'payment_refund_facts_refunded_idx', columns: ['tenantId', 'refundedAt'] },
  ],
});
