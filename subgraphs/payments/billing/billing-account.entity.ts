import { EntitySchema } from 'typeorm';
import type { Tier } from '../../../common/tiers.ts';

/** Where a tenant's plan stands with Stripe Billing, as the tenant subgraph is told of it. */
export const BILLING_STATUSES = ['NONE', 'TRIALING', 'ACTIVE', 'PAST_DUE', 'RESTRICTED', 'CANCELED'] as const;
export type BillingStatus = (typeof BILLING_STATUSES)[number];

/** A tenant as Stripe's customer: one row per tenant, holding its subscription as last read from Stripe. */
export interface BillingAccount {
  tenantId: string;
  customerId: string | null;
  subscriptionId: string | null;
  /** The subscription item that carries the tier's price; changing tier swaps its price. */
  subscriptionItemId: string | null;
  /** Subscriptions started so far, with the tenant id the Stripe idempotency key of the next one. */
  subscriptionAttempts: number;
  tier: Tier;
  status: BillingStatus;
  /** The tier's recurring price as Stripe bills it, for MRR. */
  priceAmount: number | null;
  currency: string | null;
  /** `month` or `year`. */
  priceInterval: string | null;
  trialEndsAt: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: Date | null;
  /** Grows with every change, so the tenant subgraph applies the changes in order. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const BillingAccountEntity = new EntitySchema<BillingAccount>({
  name: 'BillingAccount',
  tableName: 'billing_accounts',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    customerId: { name: 'customer_id', type: 'text', nullable: true, unique: true },
    subscriptionId: { name: 'subscription_id', type: 'text', nullable: true, unique: true },
    subscriptionItemId: { name: 'subscription_item_id', type: 'text', nullable: true },
    subscriptionAttempts: { name: 'subscription_attempts', type: 'int', default: 0 },
    tier: { type: 'text' },
    status: { type: 'text' },
    priceAmount: { name: 'price_amount', type: 'int', nullable: true },
    currency: { type: 'char', length: 3, nullable: true },
    priceInterval: { name: 'price_interval', type: 'text', nullable: true },
    trialEndsAt: { name: 'trial_ends_at', type: 'timestamptz', nullable: true },
    currentPeriodEnd: { name: 'current_period_end', type: 'timestamptz', nullable: true },
    cancelAtPeriodEnd: { name: 'cancel_at_period_end', type: 'boolean', default: false },
    canceledAt: { name: 'canceled_at', type: 'timestamptz', nullable: true },
    version: { type: 'int', default: 0 },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});
