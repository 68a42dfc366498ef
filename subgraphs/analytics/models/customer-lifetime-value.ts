import { bgNbdLogVector, expectedPurchases, type BgNbdFit, type BgNbdParameters } from './bg-nbd.ts';
import type { CustomerSummary } from './customer-summary.ts';
import { deltaMethodInterval, type Interval } from './delta-method-interval.ts';
import {
  expectedAverageSpend,
  gammaGammaLogVector,
  type GammaGammaFit,
  type GammaGammaParameters,
} from './gamma-gamma.ts';
import { ModelInputError } from './model-input-error.ts';

export interface LifetimeValueOptions {
  /** Horizon in months. */
  months: number;
  /** Discount rate per month (0.01 = 1 % a month). */
  monthlyDiscountRate: number;
  /** How many of the models' time units make a month: 30 for days, 4.345 for weeks. */
  periodsPerMonth: number;
}

/**
 * Discounted expected revenue over the horizon, as the lifetimes package defines it
 * (`lifetimes.utils._customer_lifetime_value`, used by `GammaGammaFitter.customer_lifetime_value`):
 * for each month i, the purchases the BG/NBD model expects in that month, conditional on the
 * customer's history, times the Gamma-Gamma expected spend, divided by (1 + d)^i.
 */
export function customerLifetimeValue(
  purchases: BgNbdParameters,
  spend: GammaGammaParameters,
  customer: CustomerSummary,
  options: LifetimeValueOptions,
): number {
  assertValidOptions(options);
  const { months, monthlyDiscountRate, periodsPerMonth } = options;
  const valuePerPurchase = expectedAverageSpend(spend, customer);
  let value = 0;
  let purchasesSoFar = 0;
  for (let month = 1; month <= months; month++) {
    const purchasesByMonthEnd = expectedPurchases(purchases, customer, month * periodsPerMonth);
    value += (valuePerPurchase * (purchasesByMonthEnd - purchasesSoFar)) / Math.pow(1 + monthlyDiscountRate, month);
    purchasesSoFar = purchasesByMonthEnd;
  }
  return value;
}

/**
 * An interval for the lifetime value from both fits' parameter uncertainty. The two models are
 * fitted on separate likelihoods, so their joint covariance is block-diagonal.
 */
export function customerLifetimeValueInterval(
  purchases: BgNbdFit,
  spend: GammaGammaFit,
  customer: CustomerSummary,
  options: LifetimeValueOptions,
  level = 0.9,
): Interval | null {
  const purchaseCovariance = purchases.logParameterCovariance;
  const spendCovariance = spend.logParameterCovariance;
  if (!purchaseCovariance || !spendCovariance) return null;
  const split = purchaseCovariance.length;
  const joint = [
    ...purchaseCovariance.map((row) => [...row, ...spendCovariance.map(() => 0)]),
    ...spendCovariance.map((row) => [...purchaseCovariance.map(() => 0), ...row]),
  ];
  return deltaMethodInterval(
    (vector) =>
      customerLifetimeValue(
        bgNbdLogVector.to(vector.slice(0, split)),
        gammaGammaLogVector.to(vector.slice(split)),
        customer,
        options,
      ),
    [...bgNbdLogVector.from(purchases.parameters), ...gammaGammaLogVector.from(spend.parameters)],
    joint,
    level,
  );
}

function assertValidOptions({ months, monthlyDiscountRate, periodsPerMonth }: LifetimeValueOptions): void {
  if (!Number.isInteger(months) || months < 1) {
    throw new ModelInputError(
      'INVALID_HORIZON',
      `The horizon must be a whole number of months, 1 or more (got ${months})`,
    );
  }
  if (!(monthlyDiscountRate >= 0 && Number.isFinite(monthlyDiscountRate))) {
    throw new ModelInputError(
      'INVALID_DISCOUNT_RATE',
      `The discount rate must be 0 or more (got ${monthlyDiscountRate})`,
    );
  }
  if (!(periodsPerMonth > 0 && Number.isFinite(periodsPerMonth))) {
    throw new ModelInputError('INVALID_TIME_UNIT', `periodsPerMonth must be positive (got ${periodsPerMonth})`);
  }
}
