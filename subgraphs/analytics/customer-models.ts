import type { Logger } from 'pino';
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../common/workers/typescript-worker.ts';
import { purchaseSummary, spendSummary, type CustomerRecord } from './customer-base.ts';
import type { FitAnswer, FitRequest } from './customer-model-worker.ts';
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

/**
 * Fits on a worker thread, started at the first fit and kept: a large tenant's seconds of likelihood
 * search hold neither the requests nor the events this process serves meanwhile.
 */
export function workerFitter(): FitCustomerModels {
  let worker: Worker | undefined;
  const waiting = new Map<number, { resolve: (models: CustomerModels) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  const started = () => {
    if (worker) return worker;
    const thread = startTypeScriptWorker(new URL('./customer-model-worker.ts', import.meta.url));
    // Idle, it holds no process open.
    thread.unref();
    thread.on('message', (answer: FitAnswer) => {
      const caller = waiting.get(answer.id);
      waiting.delete(answer.id);
      if ('error' in answer) caller?.reject(new Error(answer.error));
      else caller?.resolve(answer.models);
    });
    const fail = (error: unknown) => {
      if (worker === thread) worker = undefined;
      for (const caller of waiting.values()) caller.reject(error);
      waiting.clear();
    };
    thread.on('error', fail);
    thread.on('exit', (code) => fail(new Error(`The model worker stopped (exit code ${code})`)));
    return (worker = thread);
  };
  return (customers, asOf) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      started().postMessage({ id, customers: [...customers], asOf } satisfies FitRequest);
    });
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

/** Fits a tenant's models on these customers as of that instant. */
export type FitCustomerModels = (customers: readonly CustomerRecord[], asOf: Date) => Promise<CustomerModels>;

export interface CustomerModelCache {
  /**
   * The tenant's fitted models. A stale fit is answered while a fresh one is fitted in the background;
   * only a tenant without any fit waits for its first.
   */
  modelsFor(tenantId: string, customers: readonly CustomerRecord[], now: Date): Promise<CustomerModels>;
}

const isStale = (models: CustomerModels, customers: number, now: Date) =>
  now.getTime() - models.fittedAt.getTime() >= FIT_MAX_AGE_MS ||
  Math.abs(customers - models.customers) > CHANGE_THAT_REFITS * models.customers;

export interface CustomerModelCacheOptions {
  /** Where fits run: a worker thread unless told otherwise. */
  fit?: FitCustomerModels;
  maxTenants?: number;
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Fitting is a maximum-likelihood search over every customer: seconds for a large tenant, so each
 * subgraph process keeps each tenant's fit for a while, and fits one tenant once however many ask at
 * once. Population parameters move slowly; a customer's own prediction always uses their current history.
 */
export function createCustomerModelCache({
  fit = workerFitter(),
  maxTenants = CACHED_TENANTS,
  logger,
}: CustomerModelCacheOptions = {}): CustomerModelCache {
  const fits = new Map<string, CustomerModels>();
  const fitting = new Map<string, Promise<CustomerModels>>();
  const remember = (tenantId: string, models: CustomerModels) => {
    fits.delete(tenantId);
    fits.set(tenantId, models);
    if (fits.size > maxTenants) fits.delete(fits.keys().next().value!);
  };
  const refit = (tenantId: string, customers: readonly CustomerRecord[], now: Date) => {
    let running = fitting.get(tenantId);
    if (!running) {
      running = fit(customers, now)
        .then((models) => {
          remember(tenantId, models);
          return models;
        })
        .finally(() => fitting.delete(tenantId));
      fitting.set(tenantId, running);
    }
    return running;
  };
  return {
    async modelsFor(tenantId, customers, now) {
      const cached = fits.get(tenantId);
      if (!cached) return refit(tenantId, customers, now);
      if (isStale(cached, customers.length, now)) {
        // The stale fit stays until a refit succeeds; the next request after a failure tries again.
        refit(tenantId, customers, now).catch((error: unknown) =>
          logger?.warn({ err: error, tenantId }, 'refit failed'),
        );
      }
      return cached;
    },
  };
}
