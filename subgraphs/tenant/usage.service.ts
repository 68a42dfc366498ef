import { randomUUID } from 'node:crypto';
import { IsNull, MoreThan, Not, type EntityManager } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import { createDomainEvent } from '../../common/events/domain-event.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import { InvitationEntity } from './invitation.entity.ts';
import { MembershipEntity } from './membership.entity.ts';
import { TenantEntity } from './tenant.entity.ts';
import { planOf } from './tenant-plan.ts';
import { currentPeriod, METERED, UsageCounterEntity, type MeteredMetric } from './usage-counter.entity.ts';

export interface UsageIncrement {
  tenantId: string;
  metric: MeteredMetric;
  amount: number;
}

export interface UsageStanding {
  tenantId: string;
  metric: MeteredMetric;
  used: number;
  /** null: not refused, because the tier is unlimited or calls above its allowance are billed. */
  limit: number | null;
}

export interface UsageMetric {
  metric: 'API_CALLS' | 'USERS';
  used: number;
  limit: number | null;
  period: string;
}

const limitOf = (metric: MeteredMetric, tenant: Parameters<typeof planOf>[0]) =>
  ({ API_CALLS: planOf(tenant).limits.apiCallsPerMonth })[metric];

/** What of an increment lies above the allowance: billed as overage when the subscription bills it. */
const overageOf = (used: number, amount: number, limit: number | null) =>
  limit === null ? 0 : Math.max(0, used - Math.max(limit, used - amount));

/** Usage above the allowance, for the payments subgraph to report to Stripe; its id identifies it there. */
const meteredUsageRecorded = (tenantId: string, metric: MeteredMetric, quantity: number) => {
  const usageRecordId = randomUUID();
  return createDomainEvent({
    type: 'MeteredUsageRecorded',
    source: 'tenant',
    tenantId,
    aggregateId: usageRecordId,
    payload: { usageRecordId, metric, quantity, occurredAt: new Date().toISOString() },
  });
};

/** Seats the tier's user limit counts: staff, and staff invitations still open. Customers take no seat. */
export async function seatsTaken(manager: EntityManager, tenantId: string): Promise<number> {
  const members = await manager.getRepository(MembershipEntity).countBy({ tenantId, role: Not('CUSTOMER') });
  const pending = await manager
    .getRepository(InvitationEntity)
    .countBy({ tenantId, role: Not('CUSTOMER'), acceptedAt: IsNull(), expiresAt: MoreThan(new Date()) });
  return members + pending;
}

export function createUsageService(database: Database) {
  return {
    /** Adds what gateways counted to this month's counters and answers where each tenant stands. */
    async record(increments: UsageIncrement[]): Promise<UsageStanding[]> {
      const valid = increments.filter(
        (increment) => METERED.includes(increment.metric) && Number.isInteger(increment.amount) && increment.amount > 0,
      );
      const period = currentPeriod();
      return database.system(async (manager) => {
        const standings: UsageStanding[] = [];
        for (const { tenantId, metric, amount } of valid) {
          const [row] = (await manager.query(
            `INSERT INTO tenant.usage_counters (tenant_id, period, metric, used) VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant_id, period, metric) DO UPDATE SET used = usage_counters.used + EXCLUDED.used
             RETURNING used`,
            [tenantId, period, metric, amount],
          )) as { used: string }[];
          const tenant = await manager.getRepository(TenantEntity).findOneBy({ id: tenantId });
          if (!tenant) continue;
          const used = Number(row!.used);
          const billed = tenant.overageBilled && planOf(tenant).status !== 'RESTRICTED';
          const overage = billed ? overageOf(used, amount, limitOf(metric, tenant)) : 0;
          if (overage > 0) await recordEvents(manager, [meteredUsageRecorded(tenantId, metric, overage)]);
          standings.push({ tenantId, metric, used, limit: billed ? null : limitOf(metric, tenant) });
        }
        return standings;
      });
    },

    /** This month's use of each limited resource, beside the tier's limit. */
    async report(manager: EntityManager, tenantId: string): Promise<UsageMetric[]> {
      const period = currentPeriod();
      const tenant = await manager.getRepository(TenantEntity).findOneByOrFail({ id: tenantId });
      const apiCalls = await manager
        .getRepository(UsageCounterEntity)
        .findOneBy({ tenantId, period, metric: 'API_CALLS' });
      const users = await seatsTaken(manager, tenantId);
      return [
        { metric: 'API_CALLS', used: apiCalls?.used ?? 0, limit: limitOf('API_CALLS', tenant), period },
        { metric: 'USERS', used: users, limit: planOf(tenant).limits.users, period },
      ];
    },
  };
}

export type UsageService = ReturnType<typeof createUsageService>;
