import { EntitySchema } from 'typeorm';

/** What analytics knows of a store from the orders subgraph's events: enough to read its calendar. */
export interface StoreProfile {
  id: string;
  tenantId: string;
  timezone: string;
  currency: string;
}

export const StoreProfileEntity = new EntitySchema<StoreProfile>({
  name: 'StoreProfile',
  tableName: 'stores',
  columns: {
    id: { type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    timezone: { type: 'text' },
    currency: { type: 'character', length: 3 },
  },
});
