import { describe, expect, it } from 'vitest';
import { lineTotal, modifierPrice, storePrice } from './pricing.ts';

const tokyo = { currency: 'JPY' };
const london = { currency: 'GBP' };
const latte = { id: 'latte-medium', prices: { GBP: 395, JPY: 530, USD: 525 } };

describe('the price of a variant at a store', () => {
  it("is the variant's price in the store's currency when the store sets none", () => {
    expect(storePrice(tokyo, latte, null)).toBe(530);
    expect(storePrice(london, latte, { prices: {} })).toBe(395);
  });

  it("is the store's own price when it set one for that variant", () => {
    expect(storePrice(tokyo, latte, { prices: { 'latte-medium': 480 } })).toBe(480);
    expect(storePrice(tokyo, latte, { prices: { 'latte-small': 430 } })).toBe(530);
  });

  it("keeps a store's own price of zero rather than falling back to the menu price", () => {
    expect(storePrice(tokyo, latte, { prices: { 'latte-medium': 0 } })).toBe(0);
  });

  it("is null when the variant has no price in the store's currency and the store set none", () => {
    expect(storePrice({ currency: 'EUR' }, latte, null)).toBeNull();
    expect(storePrice({ currency: 'EUR' }, latte, { prices: { 'latte-medium': 450 } })).toBe(450);
  });
});

describe('modifiers and lines', () => {
  it("adds a modifier's delta in the store's currency, and nothing where it has none", () => {
    const oatMilk = { priceDeltas: { GBP: 50, JPY: 80 } };
    expect(modifierPrice(tokyo, oatMilk)).toBe(80);
    expect(modifierPrice({ currency: 'USD' }, oatMilk)).toBe(0);
  });

  it('multiplies the item price with its modifiers by the quantity', () => {
    expect(lineTotal(395, [50, 70], 2)).toBe(1030);
    expect(lineTotal(530, [], 1)).toBe(530);
  });
});
