import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from './customer-base.ts';
import { FIT_MAX_AGE_MS, MIN_CUSTOMERS_TO_FIT, createCustomerModelCache } from './customer-models.ts';

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

describe('the per-tenant customer model cache', () => {
  it('keeps a fit while it is fresh and the customer base has not changed by a tenth', () => {
    const cache = createCustomerModelCache();
    const first = cache.modelsFor('tenant', customers(60), NOW);
    expect(first.purchases).not.toBeNull();
    expect(cache.modelsFor('tenant', customers(64), new Date(NOW.getTime() + FIT_MAX_AGE_MS - 1))).toBe(first);
  });

  it('refits once the fit is six hours old, or the base has grown by more than a tenth', () => {
    const cache = createCustomerModelCache();
    const first = cache.modelsFor('tenant', customers(60), NOW);
    const later = cache.modelsFor('tenant', customers(60), new Date(NOW.getTime() + FIT_MAX_AGE_MS));
    expect(later).not.toBe(first);
    expect(cache.modelsFor('tenant', customers(70), later.fittedAt)).not.toBe(later);
  });

  it('keeps tenants apart and forgets the one fitted longest ago when full', () => {
    const cache = createCustomerModelCache(1);
    const a = cache.modelsFor('a', customers(60), NOW);
    cache.modelsFor('b', customers(60), NOW);
    expect(cache.modelsFor('a', customers(60), NOW)).not.toBe(a);
  });

  it('explains, instead of fitting, when a tenant has too few customers', () => {
    const models = createCustomerModelCache().modelsFor('small', customers(MIN_CUSTOMERS_TO_FIT - 1), NOW);
    expect(models.purchases).toBeNull();
    expect(models.purchasesUnavailable).toBe(
      `The purchase model needs at least ${MIN_CUSTOMERS_TO_FIT} customers with sales; the tenant has ${MIN_CUSTOMERS_TO_FIT - 1}`,
    );
  });
});
