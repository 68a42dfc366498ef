import { EntitySchema } from 'typeorm';
import type { WidgetSpec } from './widget-spec.ts';

/** A user's saved dashboard; `shared` shows it to the tenant's staff, only its owner changes it. */
export interface Dashboard {
  id: string;
  tenantId: string;
  ownerId: string;
  name: string;
  shared: boolean;
  widgets: WidgetSpec[];
  createdAt: Date;
  updatedAt: Date;
}

export const DashboardEntity = new EntitySchema<Dashboard>({
  name: 'Dashboard',
  tableName: 'dashboards',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    ownerId: { name: 'owner_id', type: 'uuid' },
    name: { type: 'text' },
    shared: { type: 'boolean', default: false },
    widgets: { type: 'jsonb' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
  indices: [{ name: 'dashboards_tenant_owner_idx', columns: ['tenantId', 'ownerId'] }],
});
