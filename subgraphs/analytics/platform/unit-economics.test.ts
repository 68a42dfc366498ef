import { describe, expect, it } from 'vitest';
import { customerAcquisitionCost, lifetimeValue, lifetimeValueToAcquisitionCost } from './unit-economics.ts';

describe('the unit economics of a month', () => {
  it('rounds CAC and LTV to the minor unit', () => {
    expect(customerAcquisitionCost(10_000, 3)).toBe(3_333);
    // ARPU $29 with a third of the paying tenants leaving: three months of it.
    expect(lifetimeValue(2_900, 1 / 3)).toBe(8_700);
    expect(lifetimeValueToAcquisitionCost(8_700, 2_900)).toBe(3);
  });

  it('has no CAC without spend or without new tenants, and no LTV without churn or ARPU', () => {
    expect(customerAcquisitionCost(null, 2)).toBeNull();
    expect(customerAcquisitionCost(5_000, 0)).toBeNull();
    expect(lifetimeValue(2_900, 0)).toBeNull();
    expect(lifetimeValue(2_900, null)).toBeNull();
    expect(lifetimeValue(null, 0.5)).toBeNull();
  });

  it('has no LTV:CAC when acquiring cost nothing or either side is unknown', () => {
    expect(lifetimeValueToAcquisitionCost(8_700, 0)).toBeNull();
    expect(lifetimeValueToAcquisitionCost(null, 2_900)).toBeNull();
    expect(lifetimeValueToAcquisitionCost(8_700, null)).toBeNull();
  });
});
