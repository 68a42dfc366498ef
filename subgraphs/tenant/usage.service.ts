import { IsNull, MoreThan, Not, type EntityManager } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
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
  /** null: unlimited on this tier. */
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
          if (tenant) standings.push({ tenantId, metric, used: Number(row!.used), limit: limitOf(metric, tenant) });
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
