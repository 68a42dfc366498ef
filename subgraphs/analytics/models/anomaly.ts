import { ModelInputError } from './model-input-error.ts';

export type AnomalySeverity = 'LOW' | 'MEDIUM' | 'HIGH';

export interface Anomaly {
  direction: 'ABOVE' | 'BELOW';
  /** (actual − expected) / σ: how many standard deviations off, signed. */
  deviations: number;
  severity: AnomalySeverity;
  /** The band the value left: expected ± k·σ. */
  band: { lower: number; upper: number };
}

export interface ExpectedBand {
  expected: number;
  /** σ of the value, e.g. a forecast's standard deviation at that step. */
  standardDeviation: number;
}

/** Outside k·σ is an anomaly; past 1.5·k·σ it is MEDIUM, past 2·k·σ HIGH. */
export const defaultBandWidth = 3;

/**
 * Compares a value with its expected band (forecast ± k·σ). Null inside the band; otherwise an
 * anomaly whose severity grows with the distance: LOW up to 1.5·k σ, MEDIUM up to 2·k σ, HIGH
 * beyond. With σ = 0 any departure from the expectation is HIGH.
 */
export function detectAnomaly(
  actual: number,
  { expected, standardDeviation }: ExpectedBand,
  k = defaultBandWidth,
): Anomaly | null {
  if (![actual, expected, standardDeviation, k].every(Number.isFinite)) {
    throw new ModelInputError('INVALID_BAND', 'The value, expectation, deviation and width must be finite numbers');
  }
  if (standardDeviation < 0) throw new ModelInputError('INVALID_BAND', 'A standard deviation cannot be negative');
  if (!(k > 0)) throw new ModelInputError('INVALID_BAND', `The band width k must be positive (got ${k})`);
  const band = { lower: expected - k * standardDeviation, upper: expected + k * standardDeviation };
  if (actual >= band.lower && actual <= band.upper) return null;
  const deviations =
    standardDeviation === 0 ? Math.sign(actual - expected) * Infinity : (actual - expected) / standardDeviation;
  const distance = Math.abs(deviations);
  const severity: AnomalySeverity = distance >= 2 * k ? 'HIGH' : distance >= 1.5 * k ? 'MEDIUM' : 'LOW';
  return { direction: actual > expected ? 'ABOVE' : 'BELOW', deviations, severity, band };
}
