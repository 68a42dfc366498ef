import { EntitySchema } from 'typeorm';

/** What analytics knows of a tenant from the tenant subgraph's events: the zone its all-store figures are dated in. */
export interface TenantProfile {
  tenantId: string;
  timezone: string;
  /** When the tenant chose that zone: a change stamped earlier, arriving late, does not undo it. */
  zoneSetAt: Date;
}

export const TenantProfileEntity = new EntitySchema<TenantProfile>({
  name: 'TenantProfile',
  tableName: 'tenants',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    timezone: { type: 'text' },
    zoneSetAt: { name: 'zone_set_at', type: 'timestamptz' },
  },
});
