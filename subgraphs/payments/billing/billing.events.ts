import { createDomainEvent } from '../../../common/events/domain-event.ts';
import type { Tier } from '../../../common/tiers.ts';
import type { BillingAccount, BillingStatus } from './billing-account.entity.ts';

/** What the tenant subgraph learns of a tenant's subscription; `version` orders the changes. */
export interface TenantSubscriptionChangedPayload {
  tenantId: string;
  tier: Tier;
  status: BillingStatus;
  trialEndsAt: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  version: number;
}

export const tenantSubscriptionChanged = (account: BillingAccount) =>
  createDomainEvent<TenantSubscriptionChangedPayload>({
    type: 'TenantSubscriptionChanged',
    source: 'payments',
    tenantId: account.tenantId,
    aggregateId: account.tenantId,
    payload: {
      tenantId: account.tenantId,
      tier: account.tier,
      status: account.status,
      trialEndsAt: account.trialEndsAt?.toISOString() ?? null,
      currentPeriodEnd: account.currentPeriodEnd?.toISOString() ?? null,
      cancelAtPeriodEnd: account.cancelAtPeriodEnd,
      version: account.version,
    },
  });
