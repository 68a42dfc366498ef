import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedPurchases, expectedPurchasesInterval, fitBgNbd, probabilityAlive, type BgNbdFit } from './bg-nbd.ts';
import { loadCdnowCustomers } from './testdata/cdnow.ts';

// Fader, Hardie and Lee (2005), "'Counting Your Customers' the Easy Way", section 4: the maximum
// likelihood estimates on these 2,357 CDNOW customers, with their standard errors.
const PUBLISHED = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const PUBLISHED_STANDARD_ERRORS = { r: 0.0126, alpha: 0.3782, a: 0.1857, b: 0.7053 };
// Customer 1 of the data set, the worked example of Fader, Hardie and Lee's note "Implementing the
// BG/NBD Model for Customer Base Analysis in Excel" (2005): 1.226 purchases expected in 39 weeks.
const CUSTOMER_ONE = { frequency: 2, recency: 30.43, age: 38.86 };

describe('BG/NBD on the CDNOW reference data', () => {
  let fit: BgNbdFit;
  beforeAll(() => {
    fit = fitBgNbd(loadCdnowCustomers());
  });

  it('reproduces the published r, α, a and b within 1%', () => {
    for (const [name, published] of Object.entries(PUBLISHED)) {
      const fitted = fit.parameters[name as keyof typeof PUBLISHED];
      expect(Math.abs(fitted - published) / published, name).toBeLessThan(0.01);
    }
  });

  it('reproduces the published standard errors within 1%', () => {
    for (const [name, published] of Object.entries(PUBLISHED_STANDARD_ERRORS)) {
      const fitted = fit.standardErrors![name as keyof typeof PUBLISHED];
      expect(Math.abs(fitted - published) / published, name).toBeLessThan(0.01);
    }
  });

  it('expects 1.226 purchases from customer 1 in the next 39 weeks, as the worked example does', () => {
    expect(expectedPurchases(fit.parameters, CUSTOMER_ONE, 39)).toBeCloseTo(1.226, 3);
  });

  it('puts the expected purchases inside their interval, which widens with the level', () => {
    const point = expectedPurchases(fit.parameters, CUSTOMER_ONE, 39);
    const ninety = expectedPurchasesInterval(fit, CUSTOMER_ONE, 39, 0.9)!;
    const ninetyNine = expectedPurchasesInterval(fit, CUSTOMER_ONE, 39, 0.99)!;
    expect(ninety.lower).toBeLessThan(point);
    expect(ninety.upper).toBeGreaterThan(point);
    expect(ninetyNine.lower).toBeLessThan(ninety.lower);
    expect(ninetyNine.upper).toBeGreaterThan(ninety.upper);
  });

  it('sees a frequent buyer who went quiet as less likely alive than one who bought recently', () => {
    const recent = probabilityAlive(fit.parameters, { frequency: 10, recency: 38, age: 39 });
    const quiet = probabilityAlive(fit.parameters, { frequency: 10, recency: 5, age: 39 });
    expect(recent).toBeGreaterThan(0.9);
    expect(quiet).toBeLessThan(0.01);
  });
});

const parameters = fc.record({
  r: fc.double({ min: 0.05, max: 10, noNaN: true }),
  alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
  a: fc.double({ min: 0.05, max: 10, noNaN: true }),
  b: fc.double({ min: 0.05, max: 10, noNaN: true }),
});
const customer = fc
  .record({
    frequency: fc.integer({ min: 0, max: 60 }),
    age: fc.double({ min: 1, max: 100, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ frequency, age, share }) => ({ frequency, age, recency: frequency === 0 ? 0 : share * age }));

describe('BG/NBD properties', () => {
  it('keeps the probability of being alive within [0, 1]', () => {
    fc.assert(
      fc.property(parameters, customer, (p, c) => {
        const alive = probabilityAlive(p, c);
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('expects more purchases over a longer horizon, and never a negative number', () => {
    fc.assert(
      fc.property(parameters, customer, fc.double({ min: 0.5, max: 50, noNaN: true }), (p, c, horizon) => {
        const shorter = expectedPurchases(p, c, horizon);
        const longer = expectedPurchases(p, c, 2 * horizon);
        expect(shorter).toBeGreaterThanOrEqual(-1e-9);
        expect(longer).toBeGreaterThanOrEqual(shorter - 1e-9 * Math.max(1, shorter));
      }),
    );
  });
});

describe('BG/NBD input', () => {
  it('refuses a customer whose last purchase comes after the end of observation', () => {
    expect(() => fitBgNbd([{ frequency: 2, recency: 40, age: 39 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_CUSTOMER_SUMMARY', message: expect.stringContaining('Customer 0') }),
    );
  });

  it('refuses to fit customers of whom none bought twice', () => {
    expect(() => fitBgNbd([{ frequency: 0, recency: 0, age: 10 }])).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_HISTORY' }),
    );
  });

  it('stops at finite parameters when every buyer drops out alike, and still tells the regulars from the lapsed', () => {
    // Weekly buyers for half a year, and weekly buyers who stopped three months ago: the data cannot
    // tell a little heterogeneity in dropping out from none, and the likelihood improves as a, b grow.
    const regular = { frequency: 25, recency: 175, age: 177 };
    const lapsed = { frequency: 19, recency: 133, age: 217 };
    const once = { frequency: 0, recency: 0, age: 60 };
    const fit = fitBgNbd([...Array(20).fill(regular), ...Array(10).fill(lapsed), ...Array(30).fill(once)]);
    expect(Object.values(fit.parameters).every((value) => Number.isFinite(value) && value < 1e6)).toBe(true);
    expect(probabilityAlive(fit.parameters, regular)).toBeGreaterThan(0.9);
    expect(probabilityAlive(fit.parameters, lapsed)).toBeLessThan(0.1);
    expect(expectedPurchases(fit.parameters, regular, 90)).toBeGreaterThan(8);
  });
});
