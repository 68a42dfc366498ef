import { assertValidSummaries, type CustomerSummary } from './customer-summary.ts';
import { deltaMethodInterval, type Interval } from './delta-method-interval.ts';
import { hypergeometric2F1 } from './hypergeometric-2f1.ts';
import { logGamma } from './log-gamma.ts';
import { ModelInputError } from './model-input-error.ts';
import { RIDGE_PENALTY, minimizeNelderMead, withRidgePenalty } from './nelder-mead.ts';
import { covarianceAtOptimum } from './parameter-covariance.ts';

/**
 * The BG/NBD model of Fader, Hardie and Lee, "'Counting Your Customers' the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2), 2005: while alive a customer buys
 * as a Poisson process with rate λ ~ Gamma(r, α); after each purchase they drop out with
 * probability p ~ Beta(a, b).
 */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  parameters: BgNbdParameters;
  logLikelihood: number;
  /** Standard errors of r, α, a, b from the observed information; null when it is singular. */
  standardErrors: BgNbdParameters | null;
  /** Covariance of (ln r, ln α, ln a, ln b), which intervals use; null when it is singular. */
  logParameterCovariance: number[][] | null;
  customers: number;
}

const toVector = ({ r, alpha, a, b }: BgNbdParameters) => [Math.log(r), Math.log(alpha), Math.log(a), Math.log(b)];
const fromVector = (v: readonly number[]): BgNbdParameters => ({
  r: Math.exp(v[0]!),
  alpha: Math.exp(v[1]!),
  a: Math.exp(v[2]!),
  b: Math.exp(v[3]!),
});

/** One customer's log-likelihood, equation (6) of the paper, summed in log space. */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParameters, customer: CustomerSummary): number {
  const { frequency: x, recency: tx, age: T } = customer;
  const common =
    logGamma(r + x) -
    logGamma(r) +
    r * Math.log(alpha) +
    logGamma(a + b) +
    logGamma(b + x) -
    logGamma(b) -
    logGamma(a + b + x);
  const aliveThroughout = -(r + x) * Math.log(alpha + T);
  if (x === 0) return common + aliveThroughout;
  const droppedAfterLast = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return common + logAddExp(aliveThroughout, droppedAfterLast);
}

/** Maximum-likelihood fit (Nelder-Mead on the log-parameters, so they stay positive). */
export function fitBgNbd(customers: readonly CustomerSummary[]): BgNbdFit {
  assertValidSummaries(customers);
  if (!customers.some((customer) => customer.frequency > 0)) {
    throw new ModelInputError(
      'INSUFFICIENT_HISTORY',
      'The purchase model needs at least one customer with a repeat purchase',
    );
  }
  const negativeLogLikelihood = (v: readonly number[]) => {
    const parameters = fromVector(v);
    let sum = 0;
    for (const customer of customers) sum -= bgNbdLogLikelihood(parameters, customer);
    return sum;
  };
  const meanAge = customers.reduce((sum, customer) => sum + customer.age, 0) / customers.length;
  const start = toVector({ r: 1, alpha: meanAge, a: 1, b: 1 });
  // The mean per customer keeps the tolerances meaningful whatever the number of customers.
  const minimum = minimizeNelderMead(
    withRidgePenalty(start, (v) => negativeLogLikelihood(v) / customers.length, RIDGE_PENALTY / customers.length),
    start,
    {
      initialStep: 0.5,
      valueTolerance: 1e-12,
      pointTolerance: 1e-7,
    },
  );
  const parameters = fromVector(minimum.point);
  const covariance = covarianceAtOptimum(negativeLogLikelihood, minimum.point);
  return {
    parameters,
    logLikelihood: -negativeLogLikelihood(minimum.point),
    // At the optimum the gradient vanishes, so Var(θ) = θ² Var(ln θ) holds exactly to first order.
    standardErrors: covariance && {
      r: parameters.r * Math.sqrt(covariance[0]![0]!),
      alpha: parameters.alpha * Math.sqrt(covariance[1]![1]!),
      a: parameters.a * Math.sqrt(covariance[2]![2]!),
      b: parameters.b * Math.sqrt(covariance[3]![3]!),
    },
    logParameterCovariance: covariance,
    customers: customers.length,
  };
}

/**
 * P(alive | x, tₓ, T), equation (A10) of the 2005 note "Computing P(alive) Using the BG/NBD Model":
 * a customer without repeat purchases cannot have dropped out (dropping out follows a purchase).
 */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParameters, customer: CustomerSummary): number {
  assertValidSummaries([customer]);
  const { frequency: x, recency: tx, age: T } = customer;
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** E[Y(t) | x, tₓ, T]: purchases expected in the next t time units, equation (10) of the paper. */
export function expectedPurchases(parameters: BgNbdParameters, customer: CustomerSummary, horizon: number): number {
  assertValidSummaries([customer]);
  if (!(horizon >= 0 && Number.isFinite(horizon))) {
    throw new ModelInputError('INVALID_HORIZON', `The horizon must be a time of 0 or more, got ${horizon}`);
  }
  if (horizon === 0) return 0;
  const { r, alpha, a, b } = parameters;
  // (a + b + x − 1)/(a − 1) and 1 − (…)·₂F₁ both change sign at a = 1, where their product has a
  // removable singularity: take the mean of the two sides there.
  if (Math.abs(a - 1) < 1e-9) {
    const below = expectedPurchases({ ...parameters, a: 1 - 1e-6 }, customer, horizon);
    const above = expectedPurchases({ ...parameters, a: 1 + 1e-6 }, customer, horizon);
    return (below + above) / 2;
  }
  const { frequency: x, recency: tx, age: T } = customer;
  const hypergeometric = hypergeometric2F1(r + x, b + x, a + b + x - 1, horizon / (alpha + T + horizon));
  const numerator =
    ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + horizon), r + x) * hypergeometric);
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 1;
  return numerator / denominator;
}

/**
 * An interval for E[Y(t) | x, tₓ, T] that reflects the uncertainty of the fitted parameters.
 *
 * Why the delta method and not a parametric bootstrap: the model is fitted per tenant on request,
 * and a bootstrap needs hundreds of refits (each one a full maximum-likelihood search) where the
 * delta method needs the Hessian the fit already has. With thousands of customers the likelihood
 * is close to quadratic around its maximum, which is the case the delta method assumes; on the
 * log scale the interval stays positive. Null when the fit has no covariance.
 */
export function expectedPurchasesInterval(
  fit: BgNbdFit,
  customer: CustomerSummary,
  horizon: number,
  level = 0.9,
): Interval | null {
  if (!fit.logParameterCovariance) return null;
  return deltaMethodInterval(
    (v) => expectedPurchases(fromVector(v), customer, horizon),
    toVector(fit.parameters),
    fit.logParameterCovariance,
    level,
  );
}

/** The parameters as the vector their covariance is about (ln r, ln α, ln a, ln b), and back. */
export const bgNbdLogVector = { from: toVector, to: fromVector };

function logAddExp(x: number, y: number): number {
  const larger = Math.max(x, y);
  return larger + Math.log(Math.exp(x - larger) + Math.exp(y - larger));
}
