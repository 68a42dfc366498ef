import { EntitySchema, type EntityManager } from 'typeorm';
import type { Tier } from '../../../common/tiers.ts';
import type { BillingAccount, BillingStatus } from './billing-account.entity.ts';

/**
 * A tenant's plan as it became at `at`: one row per change of what it pays, never updated or
 * deleted, so the platform's revenue at the end of any past month can be answered.
 */
export interface BillingChange {
  tenantId: string;
  /** The tenant's changes counted from 1; written under the account's lock, so it orders them. */
  sequence: number;
  tier: Tier;
  status: BillingStatus;
  priceAmount: number | null;
  currency: string | null;
  priceInterval: string | null;
  at: Date;
}

export const BillingChangeEntity = new EntitySchema<BillingChange>({
  name: 'BillingChange',
  tableName: 'billing_changes',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    sequence: { type: 'int', primary: true },
    tier: { type: 'text' },
    status: { type: 'text' },
    priceAmount: { name: 'price_amount', type: 'int', nullable: true },
    currency: { type: 'char', length: 3, nullable: true },
    priceInterval: { name: 'price_interval', type: 'text', nullable: true },
    at: { type: 'timestamptz' },
  },
  indices: [{ name: 'billing_changes_at_idx', columns: ['at'] }],
});

/** What a tenant pays: a change of any of these is a row of history. */
export const REVENUE_FIELDS = ['tier', 'status', 'priceAmount', 'currency', 'priceInterval'] as const;

/**
 * Appends the account's plan as it is now, in the caller's transaction (the one that changed it,
 * holding the account's lock).
 */
export async function recordBillingChange(manager: EntityManager, account: BillingAccount): Promise<void> {
  const changes = manager.getRepository(BillingChangeEntity);
  const latest = await changes.findOne({ where: { tenantId: account.tenantId }, order: { sequence: 'DESC' } });
  await changes.insert({
    tenantId: account.tenantId,
    sequence: (latest?.sequence ?? 0) + 1,
    tier: account.tier,
    status: account.status,
    priceAmount: account.priceAmount,
    currency: account.currency,
    priceInterval: account.priceInterval,
    at: new Date(),
  });
}
