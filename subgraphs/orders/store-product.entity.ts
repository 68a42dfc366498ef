import { EntitySchema } from 'typeorm';

/** A store's own terms for a product; without a row the store sells it at the menu prices. */
export interface StoreProduct {
  tenantId: string;
  storeId: string;
  productId: string;
  available: boolean;
  /** Prices in the store's currency by variant id. */
  prices: Record<string, number>;
}

export const StoreProductEntity = new EntitySchema<StoreProduct>({
  name: 'StoreProduct',
  tableName: 'store_products',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid' },
    storeId: { name: 'store_id', type: 'uuid', primary: true },
    productId: { name: 'product_id', type: 'uuid', primary: true },
    available: { type: 'boolean', default: true },
    prices: { type: 'jsonb', default: () => `'{}'` },
  },
});
