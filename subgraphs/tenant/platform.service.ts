import type { Database } from '../../common/database/database.ts';
import type { Page } from '../../common/graphql/connection.ts';
import type { Tier } from '../../common/tiers.ts';
import { MembershipEntity } from './membership.entity.ts';
import { TenantEntity, type TenantStatus } from './tenant.entity.ts';
import { planOf } from './tenant-plan.ts';

/** A tenant as the platform's operators see it. */
export interface TenantSummary {
  id: string;
  slug: string;
  name: string;
  tier: Tier;
  status: TenantStatus;
  trialEndsAt: Date | null;
  userCount: number;
  createdAt: Date;
}

/**
 * What only platform operators may ask: reads across every tenant. They run as the schema owner
 * through `database.system`, on purpose and in plain sight; row-level security stays as it is.
 */
export function createPlatformService(database: Database) {
  return {
    tenants(page: Page): Promise<[TenantSummary[], number]> {
      return database.system(async (manager) => {
        const [tenants, total] = await manager
          .getRepository(TenantEntity)
          .findAndCount({ order: { createdAt: 'ASC', id: 'ASC' }, skip: page.offset, take: page.limit });
        const counts: { tenantId: string; users: string }[] = tenants.length
          ? await manager
              .getRepository(MembershipEntity)
              .createQueryBuilder('membership')
              .select('membership.tenantId', 'tenantId')
              .addSelect('count(*)', 'users')
              .where('membership.tenantId IN (:...ids)', { ids: tenants.map((tenant) => tenant.id) })
              .groupBy('membership.tenantId')
              .getRawMany()
          : [];
        const users = new Map(counts.map((count) => [count.tenantId, Number(count.users)]));
        const summaries = tenants.map((tenant) => {
          const { tier, status } = planOf(tenant);
          return {
            id: tenant.id,
            slug: tenant.slug,
            name: tenant.name,
            tier,
            status,
            trialEndsAt: tenant.trialEndsAt,
            userCount: users.get(tenant.id) ?? 0,
            createdAt: tenant.createdAt,
          };
        });
        return [summaries, total];
      });
    },
  };
}

export type PlatformService = ReturnType<typeof createPlatformService>;
