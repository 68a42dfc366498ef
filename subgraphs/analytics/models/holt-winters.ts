import { ModelInputError } from './model-input-error.ts';
import { minimizeNelderMead } from './nelder-mead.ts';
import { twoSidedNormalMultiplier } from './normal-quantile.ts';

/**
 * Holt-Winters' additive method in its innovations state-space form ETS(A,A,A) (Hyndman and
 * Athanasopoulos, "Forecasting: Principles and Practice", 2nd ed. §7.3 and §7.5–7.7, 3rd ed. §8.3
 * and §8.5–8.7). With eₜ = yₜ − (ℓₜ₋₁ + bₜ₋₁ + sₜ₋ₘ):
 *   ℓₜ = ℓₜ₋₁ + bₜ₋₁ + α·eₜ,   bₜ = bₜ₋₁ + β·eₜ,   sₜ = sₜ₋ₘ + γ·eₜ,
 * which is the component form with β = α·β*. The parameters are the usual region of the book:
 * 0 < α < 1, 0 < β < α, 0 < γ < 1 − α, bounded away from the edges by 1e-4 as the forecast package is.
 */
export interface HoltWintersParameters {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface HoltWintersStates {
  level: number;
  trend: number;
  /** The last m seasonal states, oldest first: s₋ₘ₊₁ … s₀ before the data, sₙ₋ₘ₊₁ … sₙ after. */
  seasonal: number[];
}

export interface HoltWintersFit {
  parameters: HoltWintersParameters;
  seasonLength: number;
  /** The states before the first observation (ℓ₀, b₀, s₋ₘ₊₁ … s₀), estimated with the parameters. */
  initialStates: HoltWintersStates;
  /** The states after the last observation, where forecasts start. */
  finalStates: HoltWintersStates;
  /** One-step-ahead fitted values ŷₜ|ₜ₋₁. */
  fitted: number[];
  sumOfSquaredErrors: number;
  /** σ̂² = SSE / (n − k), k the number of estimated parameters and free initial states (m + 4). */
  residualVariance: number;
}

export interface ForecastPoint {
  /** Steps ahead of the last observation, from 1. */
  step: number;
  mean: number;
  /** √(forecast variance) at that step. */
  standardDeviation: number;
  lower: number;
  upper: number;
}

const EDGE = 1e-4;
const logistic = (u: number) => 1 / (1 + Math.exp(-u));
const logit = (p: number) => Math.log(p / (1 - p));
/** A value in (low, high) from an unconstrained number, and back. */
const within = (u: number, low: number, high: number) => low + (high - low) * logistic(u);
const unwithin = (x: number, low: number, high: number) => logit((x - low) / (high - low));

/**
 * Fits α, β, γ and the initial states by minimising the sum of squared one-step errors (for
 * additive errors the same optimum as maximum likelihood), the initial seasonal states
 * constrained to sum to zero. Needs two full seasons of data.
 */
export function fitHoltWinters(series: readonly number[], seasonLength: number): HoltWintersFit {
  if (!Number.isInteger(seasonLength) || seasonLength < 2) {
    throw new ModelInputError(
      'INVALID_SEASON_LENGTH',
      `The season length must be a whole number, 2 or more (got ${seasonLength})`,
    );
  }
  if (series.length < 2 * seasonLength) {
    throw new ModelInputError(
      'INSUFFICIENT_HISTORY',
      `Holt-Winters needs at least two seasons (${2 * seasonLength} observations), got ${series.length}`,
    );
  }
  if (!series.every(Number.isFinite))
    throw new ModelInputError('INVALID_SERIES', 'Every observation must be a finite number');

  const m = seasonLength;
  const decode = (vector: readonly number[]) => {
    const alpha = within(vector[0]!, EDGE, 1 - EDGE);
    const beta = within(vector[1]!, EDGE, alpha);
    const gamma = within(vector[2]!, EDGE, 1 - alpha);
    const free = vector.slice(5, 5 + m - 1);
    const seasonal = [...free, -free.reduce((sum, s) => sum + s, 0)];
    return { parameters: { alpha, beta, gamma }, states: { level: vector[3]!, trend: vector[4]!, seasonal } };
  };
  const heuristic = heuristicInitialStates(series, m);
  const start = [
    unwithin(0.3, EDGE, 1 - EDGE),
    unwithin(0.01, EDGE, 0.3),
    unwithin(0.1, EDGE, 0.7),
    heuristic.level,
    heuristic.trend,
    ...heuristic.seasonal.slice(0, m - 1),
  ];
  const scale = Math.max(standardDeviation(series), 1e-8);
  const steps = start.map((_, i) => (i < 3 ? 1 : i === 4 ? scale / m : scale / 2));
  const minimum = minimizeNelderMead(
    (vector) => {
      const { parameters, states } = decode(vector);
      return filter(series, parameters, states).sumOfSquaredErrors / series.length;
    },
    start,
    {
      initialStep: steps,
      valueTolerance: 1e-12 * scale * scale,
      pointTolerance: 1e-7 * Math.max(1, scale),
      maxIterations: 50_000,
    },
  );
  const { parameters, states } = decode(minimum.point);
  const run = filter(series, parameters, states);
  const estimated = m + 4;
  return {
    parameters,
    seasonLength: m,
    initialStates: states,
    finalStates: run.finalStates,
    fitted: run.fitted,
    sumOfSquaredErrors: run.sumOfSquaredErrors,
    residualVariance: run.sumOfSquaredErrors / Math.max(series.length - estimated, 1),
  };
}

/** Runs the recursions over the series from given parameters and initial states. */
export function filter(series: readonly number[], parameters: HoltWintersParameters, initial: HoltWintersStates) {
  const { alpha, beta, gamma } = parameters;
  const m = initial.seasonal.length;
  const seasonal = initial.seasonal.slice();
  let level = initial.level;
  let trend = initial.trend;
  let sumOfSquaredErrors = 0;
  const fitted: number[] = [];
  series.forEach((y, t) => {
    const position = t % m;
    const prediction = level + trend + seasonal[position]!;
    const error = y - prediction;
    fitted.push(prediction);
    sumOfSquaredErrors += error * error;
    level = level + trend + alpha * error;
    trend = trend + beta * error;
    seasonal[position] = seasonal[position]! + gamma * error;
  });
  // Rotate so the seasonal states are oldest first again, as the forecasts read them.
  const shift = series.length % m;
  const finalStates = { level, trend, seasonal: [...seasonal.slice(shift), ...seasonal.slice(0, shift)] };
  return { fitted, sumOfSquaredErrors, finalStates };
}

/**
 * Point forecasts ŷₙ₊ₕ|ₙ = ℓₙ + h·bₙ + sₙ₊ₕ₋ₘ₍ₖ₊₁₎ with prediction intervals from the ETS(A,A,A)
 * forecast variance (FPP3 Table 8.8, FPP2 Table 7.8), assuming normal errors:
 *   σₕ² = σ²[1 + (h − 1){α² + αβh + β²h(2h − 1)/6} + γk{2α + γ + βm(k + 1)}],   k = ⌊(h − 1)/m⌋.
 */
export function forecastHoltWinters(fit: HoltWintersFit, horizon: number, level = 0.95): ForecastPoint[] {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new ModelInputError(
      'INVALID_HORIZON',
      `The horizon must be a whole number of steps, 1 or more (got ${horizon})`,
    );
  }
  const z = twoSidedNormalMultiplier(level);
  const { level: lastLevel, trend, seasonal } = fit.finalStates;
  const m = fit.seasonLength;
  return Array.from({ length: horizon }, (_, index) => {
    const step = index + 1;
    const mean = lastLevel + step * trend + seasonal[(step - 1) % m]!;
    const sd = Math.sqrt(holtWintersForecastVariance(fit.parameters, m, fit.residualVariance, step));
    return { step, mean, standardDeviation: sd, lower: mean - z * sd, upper: mean + z * sd };
  });
}

export function holtWintersForecastVariance(
  { alpha, beta, gamma }: HoltWintersParameters,
  seasonLength: number,
  residualVariance: number,
  step: number,
): number {
  const h = step;
  const k = Math.floor((h - 1) / seasonLength);
  return (
    residualVariance *
    (1 +
      (h - 1) * (alpha * alpha + alpha * beta * h + (beta * beta * h * (2 * h - 1)) / 6) +
      gamma * k * (2 * alpha + gamma + beta * seasonLength * (k + 1)))
  );
}

/**
 * Starting values for the search (Hyndman et al. 2008, §2.6.1, simplified): the level and trend
 * from the means of the first two seasons, the seasonal states from the first seasons' deviations
 * from their own mean, centred to sum to zero.
 */
function heuristicInitialStates(series: readonly number[], m: number): HoltWintersStates {
  const seasons = Math.min(Math.floor(series.length / m), 4);
  const means = Array.from({ length: seasons }, (_, s) => mean(series.slice(s * m, (s + 1) * m)));
  const trend = (means[1]! - means[0]!) / m;
  const level = means[0]! - ((m + 1) / 2) * trend;
  const raw = Array.from({ length: m }, (_, position) =>
    mean(means.map((seasonMean, s) => series[s * m + position]! - seasonMean - (position - (m - 1) / 2) * trend)),
  );
  const centre = mean(raw);
  return { level, trend, seasonal: raw.map((s) => s - centre) };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function standardDeviation(values: readonly number[]): number {
  const centre = mean(values);
  return Math.sqrt(mean(values.map((value) => (value - centre) ** 2)));
}
