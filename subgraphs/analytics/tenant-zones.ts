import type { EntityManager } from 'typeorm';

/** The zone of a tenant analytics has not heard from yet, and of tenants created before tenants had zones. */
export const DEFAULT_TENANT_ZONE = 'UTC';

/** SQL for the zone a tenant's all-store rows are dated in, the tenant's id being `tenantId` (an expression). */
export const tenantZoneOf = (tenantId: string) =>
  `coalesce((SELECT z.timezone FROM analytics.tenants z WHERE z.tenant_id = ${tenantId}), '${DEFAULT_TENANT_ZONE}')`;

/** Each tenant's zone, the default for those analytics has no profile of. */
export async function tenantZones(manager: EntityManager, tenantIds: string[]): Promise<Map<string, string>> {
  const rows: { tenant_id: string; timezone: string }[] = await manager.query(
    `SELECT tenant_id, timezone FROM analytics.tenants WHERE tenant_id = ANY($1::uuid[])`,
    [tenantIds],
  );
  const zones = new Map(rows.map((row) => [row.tenant_id, row.timezone]));
  return new Map(tenantIds.map((id) => [id, zones.get(id) ?? DEFAULT_TENANT_ZONE]));
}
