import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectedAverageSpend,
  expectedAverageSpendInterval,
  fitGammaGamma,
  type GammaGammaFit,
} from './gamma-gamma.ts';
import { loadCdnowCustomers } from './testdata/cdnow.ts';

// Fader, Hardie and Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis",
// and Fader and Hardie's note "The Gamma-Gamma Model of Monetary Value" (2013): the fit on the 946
// CDNOW customers with repeat purchases.
const PUBLISHED = { p: 6.25, q: 3.74, v: 15.45 };

describe('Gamma-Gamma on the CDNOW reference data', () => {
  let fit: GammaGammaFit;
  beforeAll(() => {
    fit = fitGammaGamma(loadCdnowCustomers());
  });

  it('fits on the 946 customers with repeat purchases', () => {
    expect(fit.customers).toBe(946);
  });

  it('reproduces the published p, q and v within 1%', () => {
    for (const [name, published] of Object.entries(PUBLISHED)) {
      const fitted = fit.parameters[name as keyof typeof PUBLISHED];
      expect(Math.abs(fitted - published) / published, name).toBeLessThan(0.01);
    }
  });

  it('expects a spend between the population mean and the customer’s own, nearer their own the more they bought', () => {
    const { p, q, v } = fit.parameters;
    const populationMean = (p * v) / (q - 1);
    const few = expectedAverageSpend(fit.parameters, { frequency: 1, recency: 10, age: 39, averageSpend: 100 });
    const many = expectedAverageSpend(fit.parameters, { frequency: 20, recency: 38, age: 39, averageSpend: 100 });
    expect(few).toBeGreaterThan(populationMean);
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(100);
  });

  it('expects the population mean for a customer without repeat purchases, inside an interval', () => {
    const customer = { frequency: 0, recency: 0, age: 39 };
    const { p, q, v } = fit.parameters;
    const spend = expectedAverageSpend(fit.parameters, customer);
    expect(spend).toBeCloseTo((p * v) / (q - 1), 10);
    const interval = expectedAverageSpendInterval(fit, customer)!;
    expect(interval.lower).toBeLessThan(spend);
    expect(interval.upper).toBeGreaterThan(spend);
  });
});

describe('Gamma-Gamma input', () => {
  it('refuses a repeat customer without a positive average spend', () => {
    expect(() =>
      fitGammaGamma([
        { frequency: 2, recency: 3, age: 5, averageSpend: 10 },
        { frequency: 1, recency: 1, age: 5, averageSpend: 0 },
      ]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CUSTOMER_SUMMARY' }));
  });

  it('refuses to fit fewer than two repeat customers', () => {
    expect(() => fitGammaGamma([{ frequency: 2, recency: 3, age: 5, averageSpend: 10 }])).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_HISTORY' }),
    );
  });
});
