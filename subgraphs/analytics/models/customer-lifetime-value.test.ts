import { beforeAll, describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgNbd, type BgNbdFit } from './bg-nbd.ts';
import { customerLifetimeValue, customerLifetimeValueInterval } from './customer-lifetime-value.ts';
import { expectedAverageSpend, fitGammaGamma, type GammaGammaFit } from './gamma-gamma.ts';
import { loadCdnowCustomers } from './testdata/cdnow.ts';

const WEEKS_PER_MONTH = 4.345;
const CUSTOMER = { frequency: 2, recency: 30.43, age: 38.86, averageSpend: 22.35 };

describe('customer lifetime value', () => {
  let purchases: BgNbdFit;
  let spend: GammaGammaFit;
  beforeAll(() => {
    const customers = loadCdnowCustomers();
    purchases = fitBgNbd(customers);
    spend = fitGammaGamma(customers);
  });

  it('without discounting is the expected spend times the purchases expected over the horizon', () => {
    const value = customerLifetimeValue(purchases.parameters, spend.parameters, CUSTOMER, {
      months: 12,
      monthlyDiscountRate: 0,
      periodsPerMonth: WEEKS_PER_MONTH,
    });
    const expected =
      expectedAverageSpend(spend.parameters, CUSTOMER) *
      expectedPurchases(purchases.parameters, CUSTOMER, 12 * WEEKS_PER_MONTH);
    expect(value).toBeCloseTo(expected, 9);
  });

  it('is worth less the higher the discount rate, and more the longer the horizon', () => {
    const value = (months: number, monthlyDiscountRate: number) =>
      customerLifetimeValue(purchases.parameters, spend.parameters, CUSTOMER, {
        months,
        monthlyDiscountRate,
        periodsPerMonth: WEEKS_PER_MONTH,
      });
    expect(value(12, 0.05)).toBeLessThan(value(12, 0.01));
    expect(value(24, 0.01)).toBeGreaterThan(value(12, 0.01));
  });

  it('comes with an interval around it from both models’ parameter uncertainty', () => {
    const options = { months: 12, monthlyDiscountRate: 0.01, periodsPerMonth: WEEKS_PER_MONTH };
    const value = customerLifetimeValue(purchases.parameters, spend.parameters, CUSTOMER, options);
    const interval = customerLifetimeValueInterval(purchases, spend, CUSTOMER, options)!;
    expect(interval.lower).toBeLessThan(value);
    expect(interval.upper).toBeGreaterThan(value);
  });

  it('refuses a horizon that is not a whole number of months', () => {
    expect(() =>
      customerLifetimeValue(purchases.parameters, spend.parameters, CUSTOMER, {
        months: 1.5,
        monthlyDiscountRate: 0.01,
        periodsPerMonth: 30,
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_HORIZON' }));
  });
});
