import { EntitySchema } from 'typeorm';

export interface MenuCategory {
  id: string;
  tenantId: string;
  name: string;
  position: number;
  createdAt: Date;
}

export const MenuCategoryEntity = new EntitySchema<MenuCategory>({
  name: 'MenuCategory',
  tableName: 'menu_categories',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    name: { type: 'text' },
    position: { type: 'int', default: 0 },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  uniques: [{ name: 'menu_categories_tenant_name_key', columns: ['tenantId', 'name'] }],
});
