import { assertValidSummaries, type CustomerSummary } from './customer-summary.ts';
import { deltaMethodInterval, type Interval } from './delta-method-interval.ts';
import { logGamma } from './log-gamma.ts';
import { ModelInputError } from './model-input-error.ts';
import { RIDGE_PENALTY, minimizeNelderMead, withRidgePenalty } from './nelder-mead.ts';
import { covarianceAtOptimum } from './parameter-covariance.ts';

/**
 * The Gamma-Gamma spend model (Fader, Hardie and Lee, "RFM and CLV: Using Iso-Value Curves for
 * Customer Base Analysis", Journal of Marketing Research 42(4), 2005; Fader and Hardie, "The
 * Gamma-Gamma Model of Monetary Value", 2013 note): a customer's transaction values are
 * Gamma(p, ν) around their mean p/ν, with ν ~ Gamma(q, γ) across customers (γ is called v here,
 * as in the lifetimes package). Spend is assumed independent of the purchase process.
 */
export interface GammaGammaParameters {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaFit {
  parameters: GammaGammaParameters;
  logLikelihood: number;
  /** Covariance of (ln p, ln q, ln v); null when the observed information is singular. */
  logParameterCovariance: number[][] | null;
  /** Customers the fit used: those with at least one repeat purchase and a positive spend. */
  customers: number;
}

const toVector = ({ p, q, v }: GammaGammaParameters) => [Math.log(p), Math.log(q), Math.log(v)];
const fromVector = (vector: readonly number[]): GammaGammaParameters => ({
  p: Math.exp(vector[0]!),
  q: Math.exp(vector[1]!),
  v: Math.exp(vector[2]!),
});

/** The density of a customer's mean spend m over x transactions, in logs (equation 3 of the note). */
export function gammaGammaLogLikelihood(
  { p, q, v }: GammaGammaParameters,
  frequency: number,
  averageSpend: number,
): number {
  const x = frequency;
  const m = averageSpend;
  return (
    logGamma(p * x + q) -
    logGamma(p * x) -
    logGamma(q) +
    q * Math.log(v) +
    (p * x - 1) * Math.log(m) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(v + x * m)
  );
}

/** Maximum-likelihood fit on the customers with repeat purchases (the others carry no spend data). */
export function fitGammaGamma(customers: readonly CustomerSummary[]): GammaGammaFit {
  assertValidSummaries(customers);
  const spenders = customers.filter((customer) => customer.frequency > 0);
  spenders.forEach((customer, index) => {
    if (!(
      typeof customer.averageSpend === 'number' &&
      customer.averageSpend > 0 &&
      Number.isFinite(customer.averageSpend)
    )) {
      throw new ModelInputError(
        'INVALID_CUSTOMER_SUMMARY',
        `Repeat customer ${index}: averageSpend must be a positive amount`,
      );
    }
  });
  if (spenders.length < 2) {
    throw new ModelInputError(
      'INSUFFICIENT_HISTORY',
      'The spend model needs at least two customers with repeat purchases',
    );
  }
  const negativeLogLikelihood = (vector: readonly number[]) => {
    const parameters = fromVector(vector);
    let sum = 0;
    for (const customer of spenders)
      sum -= gammaGammaLogLikelihood(parameters, customer.frequency, customer.averageSpend!);
    return sum;
  };
  const meanSpend = spenders.reduce((sum, customer) => sum + customer.averageSpend!, 0) / spenders.length;
  const start = toVector({ p: 1, q: 2, v: meanSpend });
  const minimum = minimizeNelderMead(
    withRidgePenalty(start, (v) => negativeLogLikelihood(v) / spenders.length, RIDGE_PENALTY / spenders.length),
    start,
    {
      initialStep: 0.5,
      valueTolerance: 1e-12,
      pointTolerance: 1e-7,
    },
  );
  return {
    parameters: fromVector(minimum.point),
    logLikelihood: -negativeLogLikelihood(minimum.point),
    logParameterCovariance: covarianceAtOptimum(negativeLogLikelihood, minimum.point),
    customers: spenders.length,
  };
}

/**
 * E[M | x, m̄]: the customer's expected mean transaction value, a weighted mean of the population
 * mean p·v/(q − 1) and their own average (equation 5 of the note). Needs q > 1, where the
 * population mean exists.
 */
export function expectedAverageSpend({ p, q, v }: GammaGammaParameters, customer: CustomerSummary): number {
  assertValidSummaries([customer]);
  if (!(q > 1)) {
    throw new ModelInputError('MODEL_NOT_APPLICABLE', `The spend model has no finite mean when q ≤ 1 (q = ${q})`);
  }
  const populationMean = (p * v) / (q - 1);
  const x = customer.frequency;
  if (x === 0) return populationMean;
  const individualWeight = (p * x) / (p * x + q - 1);
  return (1 - individualWeight) * populationMean + individualWeight * (customer.averageSpend ?? 0);
}

/** An interval for E[M | x, m̄] from the fitted parameters' uncertainty (delta method, log scale). */
export function expectedAverageSpendInterval(
  fit: GammaGammaFit,
  customer: CustomerSummary,
  level = 0.9,
): Interval | null {
  if (!fit.logParameterCovariance) return null;
  return deltaMethodInterval(
    (vector) => expectedAverageSpend(fromVector(vector), customer),
    toVector(fit.parameters),
    fit.logParameterCovariance,
    level,
  );
}

/** The parameters as the vector their covariance is about (ln p, ln q, ln v), and back. */
export const gammaGammaLogVector = { from: toVector, to: fromVector };
