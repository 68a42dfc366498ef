import { ModelInputError } from './model-input-error.ts';

// Acklam's rational approximation of the standard normal quantile, relative error below 1.15e-9:
// P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution function".
const A = [
  -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const CENTRAL_REGION_EDGE = 0.02425;

/** The z with P(Z ≤ z) = probability for a standard normal Z. */
export function normalQuantile(probability: number): number {
  if (!(probability > 0 && probability < 1)) {
    throw new ModelInputError('OUT_OF_DOMAIN', `A probability strictly between 0 and 1 is needed, got ${probability}`);
  }
  if (probability < CENTRAL_REGION_EDGE) return lowerTail(Math.sqrt(-2 * Math.log(probability)));
  if (probability > 1 - CENTRAL_REGION_EDGE) return -lowerTail(Math.sqrt(-2 * Math.log(1 - probability)));
  const q = probability - 0.5;
  const r = q * q;
  return (
    ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1)
  );
}

/** The multiplier z for which mean ± z·sd covers `level` (0.95 for a 95 % interval) of a normal law. */
export function twoSidedNormalMultiplier(level: number): number {
  if (!(level > 0 && level < 1)) {
    throw new ModelInputError('INVALID_LEVEL', `An interval level strictly between 0 and 1 is needed, got ${level}`);
  }
  return normalQuantile(0.5 + level / 2);
}

function lowerTail(q: number): number {
  return (
    (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
    ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1)
  );
}
