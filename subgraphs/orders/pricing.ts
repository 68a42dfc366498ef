import type { ProductVariant } from './product.entity.ts';
import type { StoreProduct } from './store-product.entity.ts';
import type { Store } from './store.entity.ts';

/** A variant's price at a store: the store's own, else the menu price in its currency; null if neither. */
export function storePrice(store: Store, variant: ProductVariant, storeProduct: StoreProduct | null): number | null {
  return storeProduct?.prices[variant.id] ?? variant.prices[store.currency] ?? null;
}
