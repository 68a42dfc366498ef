import { purchaseSummary, spendSummary, type CustomerRecord } from './customer-base.ts';
import { fitBgNbd, type BgNbdFit } from './models/bg-nbd.ts';
import { fitGammaGamma, type GammaGammaFit } from './models/gamma-gamma.ts';
import { ModelInputError } from './models/model-input-error.ts';

/** Below this many customers a tenant's purchase model would describe individuals, not a population. */
export const MIN_CUSTOMERS_TO_FIT = 20;
/** A fit is refitted once this old, or sooner when the customer base has grown or shrunk by a tenth. */
export const FIT_MAX_AGE_MS = 6 * 3_600_000;
const CHANGE_THAT_REFITS = 0.1;
/** Tenants whose fits are kept; the one fitted longest ago makes room. */
export const CACHED_TENANTS = 1_000;

/** A tenant's customer models, or why a part of them could not be fitted. */
export interface CustomerModels {
  fittedAt: Date;
  customers: number;
  purchases: BgNbdFit | null;
  purchasesUnavailable: string | null;
  /** By currency; a currency without a fit has its reason in spendUnavailable. */
  spend: Map<string, GammaGammaFit>;
  spendUnavailable: Map<string, string>;
}

function attempt<T>(fit: () => T): { fit: T } | { reason: string } {
  try {
    return { fit: fit() };
  } catch (error) {
    if (error instanceof ModelInputError) return { reason: error.message };
    throw error;
  }
}

/** Fits BG/NBD on every customer and Gamma-Gamma per currency on the customers who buy in it. */
export function fitCustomerModels(customers: readonly CustomerRecord[], asOf: Date): CustomerModels {
  const models: CustomerModels = {
    fittedAt: asOf,
    customers: customers.length,
    purchases: null,
    purchasesUnavailable: null,
    spend: new Map(),
    spendUnavailable: new Map(),
  };
  if (customers.length < MIN_CUSTOMERS_TO_FIT) {
    models.purchasesUnavailable = `The purchase model needs at least ${MIN_CUSTOMERS_TO_FIT} customers with sales; the tenant has ${customers.length}`;
    return models;
  }
  const purchases = attempt(() => fitBgNbd(customers.map((customer) => purchaseSummary(customer, asOf))));
  if ('fit' in purchases) models.purchases = purchases.fit;
  else models.purchasesUnavailable = purchases.reason;

  const currencies = new Set(customers.map((customer) => customer.currency));
  for (const currency of currencies) {
    const spenders = customers
      .filter((customer) => customer.currency === currency && (customer.repeatAverageSpend ?? 0) > 0)
      .map((customer) => spendSummary(customer, asOf));
    const spend = attempt(() => fitGammaGamma(spenders));
    if ('fit' in spend && spend.fit.parameters.q > 1) models.spend.set(currency, spend.fit);
    else {
      models.spendUnavailable.set(
        currency,
        'reason' in spend ? spend.reason : `The spend model has no finite mean for ${currency} on this history`,
      );
    }
  }
  return models;
}

export interface CustomerModelCache {
  /** The tenant's fitted models, refitted from these customers when the cached ones are stale. */
  modelsFor(tenantId: string, customers: readonly CustomerRecord[], now: Date): CustomerModels;
}

const isStale = (models: CustomerModels, customers: number, now: Date) =>
  now.getTime() - models.fittedAt.getTime() >= FIT_MAX_AGE_MS ||
  Math.abs(customers - models.customers) > CHANGE_THAT_REFITS * models.customers;

/**
 * Fitting is a maximum-likelihood search over every customer: seconds for a large tenant, so each
 * subgraph process keeps each tenant's fit for a while. Population parameters move slowly; a
 * customer's own prediction always uses their current history.
 */
export function createCustomerModelCache(maxTenants = CACHED_TENANTS): CustomerModelCache {
  const fits = new Map<string, CustomerModels>();
  return {
    modelsFor(tenantId, customers, now) {
      const cached = fits.get(tenantId);
      if (cached && !isStale(cached, customers.length, now)) return cached;
      const models = fitCustomerModels(customers, now);
      fits.delete(tenantId);
      fits.set(tenantId, models);
      if (fits.size > maxTenants) fits.delete(fits.keys().next().value!);
      return models;
    },
  };
}
