import type { Database } from '../../common/database/database.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { TenantEntity, type Tenant } from './tenant.entity.ts';

export const RETENTION_DAYS = { min: 30, max: 3650 };

/** How long each tenant keeps activity records, and the sweep that enforces it. */
export function createRetentionService(database: Database) {
  return {
    async set(tenantId: string, days: number | null): Promise<{ tenant: Tenant | null; errors: UserError[] }> {
      if (days !== null && (!Number.isInteger(days) || days < RETENTION_DAYS.min || days > RETENTION_DAYS.max)) {
        return {
          tenant: null,
          errors: [
            userError(
              'INVALID_RETENTION',
              `Keep records ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} days, or null for always`,
              ['days'],
            ),
          ],
        };
      }
      const tenant = await database.transaction(tenantId, async (manager) => {
        await manager.getRepository(TenantEntity).update({ id: tenantId }, { dataRetentionDays: days });
        return manager.getRepository(TenantEntity).findOneByOrFail({ id: tenantId });
      });
      return { tenant, errors: [] };
    },

    /** Deletes activity records older than their tenant's retention; answers how many. */
    async sweep(): Promise<number> {
      return database.system(async (manager) => {
        const deleted = (await manager.query(
          `WITH expired AS (
             DELETE FROM tenant.audit_events event USING tenant.tenants tenant
              WHERE event.tenant_id = tenant.id AND tenant.data_retention_days IS NOT NULL
                AND event.occurred_at < now() - make_interval(days => tenant.data_retention_days)
             RETURNING 1)
           SELECT count(*)::int AS count FROM expired`,
        )) as { count: number }[];
        return deleted[0]!.count;
      });
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
