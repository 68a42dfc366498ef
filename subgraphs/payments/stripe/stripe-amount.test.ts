import { describe, expect, it } from 'vitest';
import { fromStripeAmount, toStripeAmount } from './stripe-amount.ts';

describe("amounts in Stripe's smallest currency unit", () => {
  it('are our minor units where both agree: cents for USD, whole yen for JPY', () => {
    expect(toStripeAmount(1126, 'USD')).toBe(1126);
    expect(toStripeAmount(1260, 'JPY')).toBe(1260);
    expect(toStripeAmount(1500, 'KWD')).toBe(1500);
  });

  it('are scaled where Stripe counts decimals ISO does not (ISK, HUF)', () => {
    expect(toStripeAmount(500, 'ISK')).toBe(50_000);
    expect(fromStripeAmount(50_000, 'ISK')).toBe(500);
  });

  it('refuse to round a fraction of our unit away', () => {
    expect(() => fromStripeAmount(50_050, 'HUF')).toThrow('not whole');
  });
});
