import { describe, expect, it, vi } from 'vitest';
import type { CustomerRecord } from './customer-base.ts';
import {
  FIT_MAX_AGE_MS,
  MIN_CUSTOMERS_TO_FIT,
  createCustomerModelCache,
  fitCustomerModels,
  workerFitter,
} from './customer-models.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');

/** Customers who buy every week or two, for some months, spending a little more or less each. */
function customers(count: number): CustomerRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const orders = 1 + (i % 12);
    const days = 7 * (orders - 1) + (i % 3) * 5;
    return {
      customerId: `customer-${i}`,
      orders,
      firstSaleAt: new Date(NOW.getTime() - (days + 1 + (i % 7)) * DAY),
      lastSaleAt: new Date(NOW.getTime() - (1 + (i % 7)) * DAY),
      currency: 'EUR',
      spend: orders * (300 + (i % 9) * 40),
      ordersInCurrency: orders,
      repeatAverageSpend: orders > 1 ? 300 + (i % 9) * 40 : null,
    };
  });
}

/** Fits in this thread, counting its fits: the cache's behaviour without a worker's start-up. */
function countingFitter() {
  const fitter = Object.assign(
    async (base: readonly CustomerRecord[], asOf: Date) => {
      fitter.fits++;
      return fitCustomerModels(base, asOf);
    },
    { fits: 0 },
  );
  return fitter;
}

describe('the per-tenant customer model cache', () => {
  it('keeps a fit while it is fresh and the customer base has not changed by a tenth', async () => {
    const cache = createCustomerModelCache({ fit: countingFitter() });
    const first = await cache.modelsFor('tenant', customers(60), NOW);
    expect(first.purchases).not.toBeNull();
    expect(await cache.modelsFor('tenant', customers(64), new Date(NOW.getTime() + FIT_MAX_AGE_MS - 1))).toBe(first);
  });

  it('answers a stale fit at once and refits in the background: six hours old, or a base grown by a tenth', async () => {
    const fit = countingFitter();
    const cache = createCustomerModelCache({ fit });
    const first = await cache.modelsFor('tenant', customers(60), NOW);
    const sixHoursOn = new Date(NOW.getTime() + FIT_MAX_AGE_MS);
    expect(await cache.modelsFor('tenant', customers(60), sixHoursOn)).toBe(first);
    const later = await vi.waitFor(async () => {
      const current = await cache.modelsFor('tenant', customers(60), sixHoursOn);
      expect(current).not.toBe(first);
      return current;
    });
    expect(later.fittedAt).toEqual(sixHoursOn);
    expect(await cache.modelsFor('tenant', customers(70), sixHoursOn)).toBe(later);
    await vi.waitFor(async () =>
      expect((await cache.modelsFor('tenant', customers(70), sixHoursOn)).customers).toBe(70),
    );
    expect(fit.fits).toBe(3);
  });

  it('fits a tenant once however many ask for its first fit at the same time', async () => {
    const fit = countingFitter();
    const cache = createCustomerModelCache({ fit });
    const answers = await Promise.all([1, 2, 3].map(() => cache.modelsFor('tenant', customers(60), NOW)));
    expect(new Set(answers).size).toBe(1);
    expect(fit.fits).toBe(1);
  });

  it('keeps tenants apart and forgets the one fitted longest ago when full', async () => {
    const cache = createCustomerModelCache({ fit: countingFitter(), maxTenants: 1 });
    const a = await cache.modelsFor('a', customers(60), NOW);
    await cache.modelsFor('b', customers(60), NOW);
    expect(await cache.modelsFor('a', customers(60), NOW)).not.toBe(a);
  });

  it('explains, instead of fitting, when a tenant has too few customers', async () => {
    const cache = createCustomerModelCache({ fit: countingFitter() });
    const models = await cache.modelsFor('small', customers(MIN_CUSTOMERS_TO_FIT - 1), NOW);
    expect(models.purchases).toBeNull();
    expect(models.purchasesUnavailable).toBe(
      `The purchase model needs at least ${MIN_CUSTOMERS_TO_FIT} customers with sales; the tenant has ${MIN_CUSTOMERS_TO_FIT - 1}`,
    );
  });
});

describe('fitting on a worker thread', () => {
  it('gives the fit this thread would, while this thread goes on running', async () => {
    const base = customers(60);
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 5);
    const started = performance.now();
    const fitted = await workerFitter()(base, NOW);
    const elapsed = performance.now() - started;
    clearInterval(ticking);
    // The event loop kept turning, about once per 5 ms, for the whole fit.
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
    expect(fitted).toEqual(fitCustomerModels(base, NOW));
  });
});
