import { EntitySchema } from 'typeorm';
import type { ChargeState } from './payment-state.ts';

export const PROVIDERS = ['IN_STORE', 'STRIPE', 'PAYPAL'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const IN_STORE_METHODS = ['CASH', 'CARD_TERMINAL'] as const;
export type InStoreMethod = (typeof IN_STORE_METHODS)[number];

/** One attempt to collect an order's total through one provider. */
export interface Payment {
  id: string;
  tenantId: string;
  orderId: string;
  /** Copied from the order: who may see the payment besides staff. */
  customerId: string | null;
  provider: Provider;
  method: InStoreMethod | null;
  /** The order's attempts with this provider, from 1; with the order id it makes the provider's idempotency key. */
  attempt: number;
  state: ChargeState;
  amount: number;
  currency: string;
  /**
   * Refunded so far, as far as we or the provider know. It grows, and goes down only when a refund
   * the provider had accepted fails after all.
   */
  refunded: number;
  /** The most the provider has reported refunded of the charge (refunds in its dashboard included). */
  providerRefunded: number;
  /** The provider's id for it (a PaymentIntent id); null until the provider has answered. */
  providerReference: string | null;
  /** The provider's id of the capture that collected it, where refunds name the capture (PayPal). */
  captureReference: string | null;
  failureMessage: string | null;
  /** The open or last dispute's status as the provider reports it (needs_response, won, lost, ...). */
  disputeStatus: string | null;
  paidAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const REFUND_STATES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

export interface Refund {
  id: string;
  tenantId: string;
  paymentId: string;
  amount: number;
  currency: string;
  state: RefundState;
  reason: string | null;
  providerReference: string | null;
  failureMessage: string | null;
  createdAt: Date;
}

export const PaymentEntity = new EntitySchema<Payment>({
  name: 'Payment',
  tableName: 'payments',
  columns: {
    id: { type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    orderId: { name: 'order_id', type: 'uuid' },
    customerId: { name: 'customer_id', type: 'uuid', nullable: true },
    provider: { type: 'text' },
    method: { type: 'text', nullable: true },
    attempt: { type: 'int' },
    state: { type: 'text' },
    amount: { type: 'int' },
    currency: { type: 'char', length: 3 },
    refunded: { type: 'int', default: 0 },
    providerRefunded: { name: 'provider_refunded', type: 'int', default: 0 },
    providerReference: { name: 'provider_reference', type: 'text', nullable: true },
    captureReference: { name: 'capture_reference', type: 'text', nullable: true },
    failureMessage: { name: 'failure_message', type: 'text', nullable: true },
    disputeStatus: { name: 'dispute_status', type: 'text', nullable: true },
    paidAt: { name: 'paid_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
  indices: [
    { name: 'payments_order_idx', columns: ['orderId', 'createdAt'] },
    { name: 'payments_order_attempt_key', columns: ['orderId', 'provider', 'attempt'], unique: true },
    { name: 'payments_provider_reference_key', columns: ['provider', 'providerReference'], unique: true },
    { name: 'payments_capture_reference_idx', columns: ['provider', 'captureReference'] },
  ],
});

export const RefundEntity = new EntitySchema<Refund>({
  name: 'Refund',
  tableName: 'refunds',
  columns: {
    id: { type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    paymentId: { name: 'payment_id', type: 'uuid' },
    amount: { type: 'int' },
    currency: { type: 'char', length: 3 },
    state: { type: 'text' },
    reason: { type: 'text', nullable: true },
    providerReference: { name: 'provider_reference', type: 'text', nullable: true },
    failureMessage: { name: 'failure_message', type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'refunds_payment_idx', columns: ['paymentId', 'createdAt'] }],
});
