import type { Database } from '../../common/database/database.ts';
import { consumeOnce } from '../../common/events/consume-once.ts';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import type { EventConsumer } from '../../common/service/subgraph-module.ts';
import { isTier, type Tier } from '../../common/tiers.ts';
import { TenantEntity, type TenantStatus } from './tenant.entity.ts';

/** The payments subgraph's TenantSubscriptionChanged payload, as far as the tier is concerned. */
interface SubscriptionChange {
  tier: Tier;
  status: 'NONE' | 'TRIALING' | 'ACTIVE' | 'PAST_DUE' | 'RESTRICTED' | 'CANCELED';
  trialEndsAt: string | null;
  version: number;
}

const STATUS: Record<SubscriptionChange['status'], TenantStatus> = {
  NONE: 'ACTIVE',
  TRIALING: 'TRIAL',
  ACTIVE: 'ACTIVE',
  PAST_DUE: 'PAST_DUE',
  RESTRICTED: 'RESTRICTED',
  CANCELED: 'ACTIVE',
};

/**
 * The tenant's tier and status follow its subscription: payments owns Stripe, the tenant subgraph
 * the tier. Changes carry a version and an older one than the last applied changes nothing.
 */
export function billingEventsConsumer(database: Database): EventConsumer {
  return {
    name: 'tenant-billing',
    async handle(event: DomainEvent) {
      if (event.source !== 'payments' || event.type !== 'TenantSubscriptionChanged' || !event.tenantId) return;
      const change = event.payload as SubscriptionChange;
      if (!isTier(change.tier) || !(change.status in STATUS)) return;
      const tenantId = event.tenantId;
      await consumeOnce(database, 'tenant-billing', event, async (manager) => {
        const tenants = manager.getRepository(TenantEntity);
        const tenant = await tenants.findOne({ where: { id: tenantId }, lock: { mode: 'pessimistic_write' } });
        if (!tenant || tenant.billingVersion >= change.version) return;
        const status = STATUS[change.status];
        await tenants.update(
          { id: tenantId },
          {
            tier: change.tier,
            status,
            trialEndsAt: change.trialEndsAt ? new Date(change.trialEndsAt) : null,
            billingVersion: change.version,
            overageBilled: change.tier !== 'FREE' && (status === 'ACTIVE' || status === 'PAST_DUE'),
          },
        );
      });
    },
  };
}
