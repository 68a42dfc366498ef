import type { ModifierOption } from './modifier-group.entity.ts';
import type { ProductVariant } from './product.entity.ts';
import type { StoreProduct } from './store-product.entity.ts';
import type { Store } from './store.entity.ts';

/**
 * What one item of a variant costs at a store, in the store's currency's minor unit: the store's
 * own price when it set one, else the variant's price in the store's currency; null when neither
 * exists (the store cannot sell it). The menu and every quote and order price through here.
 */
export function storePrice(
  store: Pick<Store, 'currency'>,
  variant: Pick<ProductVariant, 'id' | 'prices'>,
  storeProduct: Pick<StoreProduct, 'prices'> | null,
): number | null {
  return storeProduct?.prices[variant.id] ?? variant.prices[store.currency] ?? null;
}

/** What choosing a modifier option adds at a store: its delta in the store's currency, else nothing. */
export function modifierPrice(store: Pick<Store, 'currency'>, option: Pick<ModifierOption, 'priceDeltas'>): number {
  return option.priceDeltas[store.currency] ?? 0;
}

/** A line's total: one item's price plus its modifiers, times the quantity. */
export function lineTotal(unitPrice: number, modifierPrices: readonly number[], quantity: number): number {
  return (unitPrice + modifierPrices.reduce((sum, price) => sum + price, 0)) * quantity;
}
