import { EntitySchema } from 'typeorm';

/** Amounts in minor units, by ISO-4217 currency code. */
export type PriceList = Record<string, number>;

export interface Product {
  id: string;
  tenantId: string;
  categoryId: string | null;
  name: string;
  description: string | null;
  imageUrl: string | null;
  tags: string[];
  allergens: string[];
  modifierGroupIds: string[];
  position: number;
  createdAt: Date;
}

export interface ProductVariant {
  id: string;
  tenantId: string;
  productId: string;
  name: string;
  prices: PriceList;
  position: number;
}

export const ProductEntity = new EntitySchema<Product>({
  name: 'Product',
  tableName: 'products',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    categoryId: { name: 'category_id', type: 'uuid', nullable: true },
    name: { type: 'text' },
    description: { type: 'text', nullable: true },
    imageUrl: { name: 'image_url', type: 'text', nullable: true },
    tags: { type: 'text', array: true, default: () => `'{}'` },
    allergens: { type: 'text', array: true, default: () => `'{}'` },
    modifierGroupIds: { name: 'modifier_group_ids', type: 'uuid', array: true, default: () => `'{}'` },
    position: { type: 'int', default: 0 },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'products_tenant_category_idx', columns: ['tenantId', 'categoryId'] }],
});

export const ProductVariantEntity = new EntitySchema<ProductVariant>({
  name: 'ProductVariant',
  tableName: 'product_variants',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    productId: { name: 'product_id', type: 'uuid' },
    name: { type: 'text' },
    prices: { type: 'jsonb' },
    position: { type: 'int', default: 0 },
  },
  indices: [{ name: 'product_variants_product_idx', columns: ['productId'] }],
});
