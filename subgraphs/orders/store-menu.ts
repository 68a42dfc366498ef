import { money, type Money } from '../../common/money/money.ts';
import { storePrice } from './pricing.ts';
import type { Product, ProductVariant } from './product.entity.ts';
import type { StoreProduct } from './store-product.entity.ts';
import type { Store } from './store.entity.ts';

export interface StoreMenuVariant {
  variant: ProductVariant;
  price: Money | null;
  available: boolean;
}

/** A product as one store sells it. */
export interface StoreMenuItem {
  product: Product;
  available: boolean;
  variants: StoreMenuVariant[];
}

/**
 * A product on one store's menu. A variant is available when the store sells the product (no row
 * of its own, or one that says so), has a price for it, and can make it (not in `unavailable`, the
 * variants the store lacks ingredients for); the product is available when one of its variants is.
 */
export function storeMenuItem(
  store: Pick<Store, 'currency'>,
  product: Product,
  variants: ProductVariant[],
  storeProduct: StoreProduct | null,
  unavailable: ReadonlySet<string>,
): StoreMenuItem {
  const sold = storeProduct?.available ?? true;
  const menuVariants = variants.map((variant) => {
    const price = storePrice(store, variant, storeProduct);
    return {
      variant,
      price: price === null ? null : money(price, store.currency),
      available: sold && price !== null && !unavailable.has(variant.id),
    };
  });
  return { product, available: menuVariants.some((variant) => variant.available), variants: menuVariants };
}
