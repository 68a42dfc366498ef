import { EntitySchema } from 'typeorm';

export interface Store {
  id: string;
  tenantId: string;
  name: string;
  timezone: string;
  currency: string;
  city: string | null;
  createdAt: Date;
}

export const StoreEntity = new EntitySchema<Store>({
  name: 'Store',
  tableName: 'stores',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    name: { type: 'text' },
    timezone: { type: 'text' },
    currency: { type: 'char', length: 3 },
    city: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'stores_tenant_created_idx', columns: ['tenantId', 'createdAt'] }],
});
