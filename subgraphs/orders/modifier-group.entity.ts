import { EntitySchema } from 'typeorm';
import type { PriceList } from './product.entity.ts';

export interface ModifierGroup {
  id: string;
  tenantId: string;
  name: string;
  minSelections: number;
  maxSelections: number;
  createdAt: Date;
}

export interface ModifierOption {
  id: string;
  tenantId: string;
  groupId: string;
  name: string;
  priceDeltas: PriceList;
  position: number;
}

export const ModifierGroupEntity = new EntitySchema<ModifierGroup>({
  name: 'ModifierGroup',
  tableName: 'modifier_groups',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    name: { type: 'text' },
    minSelections: { name: 'min_selections', type: 'int' },
    maxSelections: { name: 'max_selections', type: 'int' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

export const ModifierOptionEntity = new EntitySchema<ModifierOption>({
  name: 'ModifierOption',
  tableName: 'modifier_options',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    groupId: { name: 'group_id', type: 'uuid' },
    name: { type: 'text' },
    priceDeltas: { name: 'price_deltas', type: 'jsonb', default: () => `'{}'` },
    position: { type: 'int', default: 0 },
  },
  indices: [{ name: 'modifier_options_group_idx', columns: ['groupId'] }],
});
