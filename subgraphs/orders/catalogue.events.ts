import { createDomainEvent } from '../../common/events/domain-event.ts';
import type { PriceList, Product, ProductVariant } from './product.entity.ts';
import type { StoreProduct } from './store-product.entity.ts';

export interface ProductCreatedPayload {
  productId: string;
  name: string;
  categoryId: string | null;
  tags: string[];
  variants: { variantId: string; name: string; prices: PriceList }[];
}

export const productCreated = (product: Product, variants: ProductVariant[]) =>
  createDomainEvent<ProductCreatedPayload>({
    type: 'ProductCreated',
    source: 'orders',
    tenantId: product.tenantId,
    aggregateId: product.id,
    payload: {
      productId: product.id,
      name: product.name,
      categoryId: product.categoryId,
      tags: product.tags,
      variants: variants.map((variant) => ({ variantId: variant.id, name: variant.name, prices: variant.prices })),
    },
  });

export interface StoreProductChangedPayload {
  storeId: string;
  productId: string;
  available: boolean;
  /** The store's own prices by variant id, in its currency. */
  prices: Record<string, number>;
  currency: string;
}

export const storeProductChanged = (row: StoreProduct, currency: string) =>
  createDomainEvent<StoreProductChangedPayload>({
    type: 'StoreProductChanged',
    source: 'orders',
    tenantId: row.tenantId,
    aggregateId: row.productId,
    payload: { storeId: row.storeId, productId: row.productId, available: row.available, prices: row.prices, currency },
  });
