import type { Database } from '../../common/database/database.ts';
import { recordEvents } from '../../common/events/outbox.ts';
import type { UserError } from '../../common/graphql/user-error.ts';
import { timeZoneErrors } from '../../common/time/time-zone-input.ts';
import { tenantTimeZoneChanged } from './tenant.events.ts';
import { TenantEntity, type Tenant } from './tenant.entity.ts';

/** The tenant's own time zone, which analytics reads every store's figures together in. */
export function createTimeZoneService(database: Database) {
  return {
    async set(tenantId: string, timeZone: string): Promise<{ tenant: Tenant | null; errors: UserError[] }> {
      const errors = timeZoneErrors(timeZone);
      if (errors.length > 0) return { tenant: null, errors };
      const tenant = await database.transaction(tenantId, async (manager) => {
        const tenants = manager.getRepository(TenantEntity);
        // Locked, so changes commit in the order their events are stamped: the latest stamp is the zone in effect.
        const current = await tenants.findOneOrFail({ where: { id: tenantId }, lock: { mode: 'pessimistic_write' } });
        if (current.timeZone === timeZone) return current;
        await tenants.update({ id: tenantId }, { timeZone });
        await recordEvents(manager, [tenantTimeZoneChanged(tenantId, timeZone)]);
        return { ...current, timeZone };
      });
      return { tenant, errors: [] };
    },
  };
}

export type TimeZoneService = ReturnType<typeof createTimeZoneService>;
