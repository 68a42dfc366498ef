export interface NelderMeadOptions {
  /** The first simplex's edge along each coordinate (one number for all, or one per coordinate). */
  initialStep?: number | readonly number[];
  /** Stop when the simplex's values differ by less than this… */
  valueTolerance?: number;
  /** …and its vertices lie within this of the best one, coordinate by coordinate. */
  pointTolerance?: number;
  maxIterations?: number;
  /** Restarts from the best point found: Nelder-Mead can stall on a collapsed simplex. */
  restarts?: number;
}

export interface Minimum {
  point: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

export const defaultNelderMeadOptions = {
  initialStep: 0.1,
  valueTolerance: 1e-10,
  pointTolerance: 1e-8,
  maxIterations: 20_000,
  restarts: 2,
} satisfies Required<NelderMeadOptions>;

/**
 * Minimises `objective` with the Nelder-Mead simplex method, using the dimension-adaptive
 * coefficients of Gao and Han, "Implementing the Nelder-Mead simplex algorithm with adaptive
 * parameters" (Computational Optimization and Applications, 2012), which keep it effective beyond
 * a handful of dimensions. A non-finite objective value counts as +∞, so an objective can refuse
 * points outside its domain by answering NaN or Infinity.
 */
export function minimizeNelderMead(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): Minimum {
  const settings = { ...defaultNelderMeadOptions, ...options };
  let best = run(objective, start, settings);
  let iterations = best.iterations;
  for (let restart = 0; restart < settings.restarts; restart++) {
    const again = run(objective, best.point, settings);
    iterations += again.iterations;
    const improved = again.value < best.value - settings.valueTolerance;
    if (again.value <= best.value) best = again;
    if (!improved) break;
  }
  return { ...best, iterations };
}

function run(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  settings: Required<NelderMeadOptions>,
): Minimum {
  const dimension = start.length;
  const evaluate = (point: number[]) => {
    const value = objective(point);
    return Number.isFinite(value) ? value : Infinity;
  };
  const reflection = 1;
  const expansion = 1 + 2 / dimension;
  const contraction = 0.75 - 1 / (2 * dimension);
  const shrinkage = 1 - 1 / dimension;

  const vertices: number[][] = [start.slice()];
  for (let i = 0; i < dimension; i++) {
    const vertex = start.slice();
    const step = typeof settings.initialStep === 'number' ? settings.initialStep : settings.initialStep[i]!;
    vertex[i] = vertex[i]! + step;
    vertices.push(vertex);
  }
  let values = vertices.map(evaluate);

  let iteration = 0;
  for (; iteration < settings.maxIterations; iteration++) {
    const order = values.map((_, index) => index).sort((left, right) => values[left]! - values[right]!);
    const sorted = order.map((index) => vertices[index]!);
    values = order.map((index) => values[index]!);
    vertices.splice(0, vertices.length, ...sorted);
    if (hasConverged(vertices, values, settings)) break;

    const worst = vertices[dimension]!;
    const centroid = new Array<number>(dimension).fill(0);
    for (let v = 0; v < dimension; v++) {
      for (let i = 0; i < dimension; i++) centroid[i]! += vertices[v]![i]! / dimension;
    }
    const towards = (coefficient: number) => centroid.map((c, i) => c + coefficient * (c - worst[i]!));

    const reflected = towards(reflection);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < values[0]!) {
      const expanded = towards(reflection * expansion);
      const expandedValue = evaluate(expanded);
      if (expandedValue < reflectedValue) replaceWorst(expanded, expandedValue);
      else replaceWorst(reflected, reflectedValue);
      continue;
    }
    if (reflectedValue < values[dimension - 1]!) {
      replaceWorst(reflected, reflectedValue);
      continue;
    }
    const outside = reflectedValue < values[dimension]!;
    const contracted = towards(outside ? reflection * contraction : -contraction);
    const contractedValue = evaluate(contracted);
    if (contractedValue < (outside ? reflectedValue : values[dimension]!)) {
      replaceWorst(contracted, contractedValue);
      continue;
    }
    for (let v = 1; v <= dimension; v++) {
      vertices[v] = vertices[v]!.map((x, i) => vertices[0]![i]! + shrinkage * (x - vertices[0]![i]!));
      values[v] = evaluate(vertices[v]!);
    }
  }

  function replaceWorst(point: number[], value: number) {
    vertices[dimension] = point;
    values[dimension] = value;
  }

  const bestIndex = values.indexOf(Math.min(...values));
  return {
    point: vertices[bestIndex]!,
    value: values[bestIndex]!,
    iterations: iteration,
    converged: iteration < settings.maxIterations,
  };
}

function hasConverged(vertices: number[][], values: number[], settings: Required<NelderMeadOptions>): boolean {
  const best = vertices[0]!;
  const spread = values[values.length - 1]! - values[0]!;
  if (!(spread <= settings.valueTolerance)) return false;
  return vertices.every((vertex) => vertex.every((x, i) => Math.abs(x - best[i]!) <= settings.pointTolerance));
}

/**
 * Weight of the pull towards the start on a total log-likelihood: a weak prior, whose effect fades as
 * the customers (and the likelihood) add up. An objective averaged over n customers takes weight / n.
 */
export const RIDGE_PENALTY = 0.01;

/**
 * The objective plus a faint quadratic pull towards the start. A likelihood can keep improving along
 * a ridge to infinity, as the BG/NBD and Gamma-Gamma ones do when customers are too alike for the
 * data to tell a little heterogeneity from none (a and b, or q and v, growing together): the search
 * would walk it for its whole iteration budget, and the predictions stopped changing long before.
 * The pull gives the ridge an end (lifetimes offers the same as `penalizer_coef`).
 */
export function withRidgePenalty(
  start: readonly number[],
  objective: (point: readonly number[]) => number,
  weight = RIDGE_PENALTY,
): (point: readonly number[]) => number {
  return (point) => objective(point) + weight * point.reduce((sum, value, i) => sum + (value - start[i]!) ** 2, 0);
}
