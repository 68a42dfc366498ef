import { logGamma } from './log-gamma.ts';
import { ModelInputError } from './model-input-error.ts';

/** Terms summed at most; the series at z = 0.9999 needs about 4e5 for double precision. */
const MAX_TERMS = 1_000_000;

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real arguments and z ≤ 1.
 *
 * - 0 ≤ z < 1: the defining series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ, summed until the geometric bound on its
 *   tail (valid once the term ratio stays below one) is under machine precision of the sum.
 * - z < 0: Pfaff's transformation ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z / (z − 1)) moves the
 *   argument into [0, 1), where the series converges, instead of summing an alternating series.
 * - z = 1: Gauss's theorem Γ(c)Γ(c − a − b) / (Γ(c − a)Γ(c − b)) when c − a − b > 0 (otherwise the
 *   function diverges there).
 * - z > 1 is outside the region where the function is real-valued and single-valued: refused.
 * A polynomial case (a or b a non-positive integer) is summed exactly for any z ≤ 1.
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (![a, b, c, z].every(Number.isFinite)) {
    throw new ModelInputError('OUT_OF_DOMAIN', '₂F₁ needs finite arguments');
  }
  if (c <= 0 && Number.isInteger(c)) {
    throw new ModelInputError('OUT_OF_DOMAIN', `₂F₁ is undefined for c = ${c} (a non-positive integer)`);
  }
  if (z > 1) throw new ModelInputError('OUT_OF_DOMAIN', `₂F₁ is summed only for z ≤ 1, got z = ${z}`);
  if (z === 1) return atOne(a, b, c);
  if (z < 0) return Math.pow(1 - z, -a) * series(a, c - b, c, z / (z - 1));
  return series(a, b, c, z);
}

function series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (term === 0) return sum;
    // With a + n, b + n, c + n all positive, (a + m)/(m + 1) and (b + m)/(c + m) move monotonically
    // towards 1 as m grows, so no later ratio exceeds
    // r = z·max(1, (a + n + 1)/(n + 2))·max(1, (b + n + 1)/(c + n + 1)), the terms keep one sign, and
    // the tail is at most |term|·r / (1 − r). This stops early even when b and c are huge (a purchase
    // model fitted on customers who all drop out alike).
    if (a + n > 0 && b + n > 0 && c + n > 0) {
      const r = z * Math.max(1, (a + n + 1) / (n + 2)) * Math.max(1, (b + n + 1) / (c + n + 1));
      if (r < 1 && (Math.abs(term) * r) / (1 - r) <= Number.EPSILON * Math.abs(sum)) return sum;
    } else if (n + 1 > Math.abs(a) + Math.abs(b) + Math.abs(c)) {
      // Past the parameters' size the ratio moves monotonically towards z, so no later ratio exceeds
      // r = max(|ratio|, |z|) < 1 and the tail is at most |term|·r / (1 − r).
      const r = Math.max(Math.abs(ratio), Math.abs(z));
      if (r < 1 && (Math.abs(term) * r) / (1 - r) <= Number.EPSILON * Math.abs(sum)) return sum;
    }
  }
  throw new ModelInputError('NOT_CONVERGED', `₂F₁ series did not converge in ${MAX_TERMS} terms at z = ${z}`);
}

function atOne(a: number, b: number, c: number): number {
  if (!(c - a - b > 0)) {
    throw new ModelInputError('OUT_OF_DOMAIN', `₂F₁(a, b; c; 1) diverges unless c − a − b > 0 (it is ${c - a - b})`);
  }
  if (!(c > 0 && c - a > 0 && c - b > 0)) {
    throw new ModelInputError(
      'OUT_OF_DOMAIN',
      '₂F₁(a, b; c; 1) is evaluated only when c, c − a and c − b are positive',
    );
  }
  return Math.exp(logGamma(c) + logGamma(c - a - b) - logGamma(c - a) - logGamma(c - b));
}
