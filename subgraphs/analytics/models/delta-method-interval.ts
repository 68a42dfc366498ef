import { twoSidedNormalMultiplier } from './normal-quantile.ts';

export interface Interval {
  lower: number;
  upper: number;
  /** The coverage the interval was built for, e.g. 0.9. */
  level: number;
}

const STEP = 1e-5;

/**
 * An interval for a positive quantity g(θ) of fitted parameters, by the delta method on the log
 * scale: Var(ln g) ≈ ∇ln gᵀ Σ ∇ln g, with Σ the covariance of the (log-)parameters, and the interval
 * g·exp(±z·sd). On the log scale the interval never leaves the positive numbers and is skewed the
 * way such quantities (expected purchases, spend, lifetime value) are.
 */
export function deltaMethodInterval(
  quantity: (parameters: readonly number[]) => number,
  parameters: readonly number[],
  covariance: readonly (readonly number[])[],
  level: number,
): Interval {
  const z = twoSidedNormalMultiplier(level);
  const centre = quantity(parameters);
  if (!(centre > 0)) return { lower: centre, upper: centre, level };
  const gradient = parameters.map((_, i) => {
    const up = parameters.slice();
    const down = parameters.slice();
    up[i] = up[i]! + STEP;
    down[i] = down[i]! - STEP;
    return (Math.log(quantity(up)) - Math.log(quantity(down))) / (2 * STEP);
  });
  let variance = 0;
  for (let i = 0; i < gradient.length; i++) {
    for (let j = 0; j < gradient.length; j++) variance += gradient[i]! * covariance[i]![j]! * gradient[j]!;
  }
  const spread = z * Math.sqrt(Math.max(variance, 0));
  return { lower: centre * Math.exp(-spread), upper: centre * Math.exp(spread), level };
}
