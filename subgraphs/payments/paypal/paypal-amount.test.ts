import { describe, expect, it } from 'vitest';
import { fromPayPalValue, toPayPalValue } from './paypal-amount.ts';

describe("amounts as PayPal's decimal strings", () => {
  it('put the decimal point where the currency has it: cents for USD, none for JPY', () => {
    expect(toPayPalValue(1126, 'USD')).toBe('11.26');
    expect(toPayPalValue(5, 'EUR')).toBe('0.05');
    expect(toPayPalValue(1260, 'JPY')).toBe('1260');
    expect(fromPayPalValue('11.26', 'USD')).toBe(1126);
    expect(fromPayPalValue('11', 'USD')).toBe(1100);
    expect(fromPayPalValue('1260', 'JPY')).toBe(1260);
  });

  it('send TWD in whole units, as PayPal takes it, though ISO gives it cents', () => {
    expect(toPayPalValue(150_000, 'TWD')).toBe('1500');
    expect(fromPayPalValue('1500', 'TWD')).toBe(150_000);
    expect(toPayPalValue(1500, 'HUF')).toBe('1500');
  });

  it('refuse to round a fraction away', () => {
    expect(() => toPayPalValue(150_050, 'TWD')).toThrow('fraction');
    expect(() => fromPayPalValue('12.345', 'USD')).toThrow('not whole');
  });
});
