import { describe, expect, it } from 'vitest';
import { taxTotals } from './tax.ts';

describe('tax on an order', () => {
  it('adds tax on top when prices exclude it, rounding half away from zero', () => {
    // 8.875% of $12.40 is 110.05 cents: 110.
    expect(taxTotals(1240, 888, false)).toEqual({ subtotal: 1240, tax: 110, total: 1350 });
    // 10% of 5 cents is half a cent: rounds up to 1.
    expect(taxTotals(5, 1000, false)).toEqual({ subtotal: 5, tax: 1, total: 6 });
  });

  it('takes the tax out of prices that include it', () => {
    // £4.20 at 20% VAT: net 350, VAT 70.
    expect(taxTotals(420, 2000, true)).toEqual({ subtotal: 420, tax: 70, total: 420 });
    // ¥1,100 at 10%: ¥1,000 net, ¥100 tax; ¥1,105: net 1004.55 rounds to 1005, tax 100.
    expect(taxTotals(1100, 1000, true)).toEqual({ subtotal: 1100, tax: 100, total: 1100 });
    expect(taxTotals(1105, 1000, true)).toEqual({ subtotal: 1105, tax: 100, total: 1105 });
  });

  it('charges no tax at a zero rate', () => {
    expect(taxTotals(999, 0, false)).toEqual({ subtotal: 999, tax: 0, total: 999 });
    expect(taxTotals(999, 0, true)).toEqual({ subtotal: 999, tax: 0, total: 999 });
  });
});
