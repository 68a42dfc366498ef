/** Central-difference step: small enough for the O(h²) error, large enough for rounding (ε·|f|/h²). */
const STEP = 1e-3;

/**
 * The asymptotic covariance of maximum-likelihood estimates: the inverse of the observed
 * information, i.e. of the Hessian of the total negative log-likelihood at the optimum, taken by
 * central differences. Null when that Hessian is not positive definite (a flat or degenerate
 * likelihood: the data do not pin the parameters down), so no honest standard error exists.
 */
export function covarianceAtOptimum(
  negativeLogLikelihood: (point: readonly number[]) => number,
  optimum: readonly number[],
): number[][] | null {
  const hessian = numericalHessian(negativeLogLikelihood, optimum);
  const inverse = invertSymmetricPositiveDefinite(hessian);
  return inverse && inverse.every((row, i) => row[i]! > 0) ? inverse : null;
}

export function numericalHessian(f: (point: readonly number[]) => number, at: readonly number[]): number[][] {
  const n = at.length;
  const shifted = (moves: [number, number][]) => {
    const point = at.slice();
    for (const [index, by] of moves) point[index] = point[index]! + by;
    return f(point);
  };
  const centre = f(at);
  const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    hessian[i]![i] = (shifted([[i, STEP]]) - 2 * centre + shifted([[i, -STEP]])) / (STEP * STEP);
    for (let j = 0; j < i; j++) {
      const value =
        (shifted([
          [i, STEP],
          [j, STEP],
        ]) -
          shifted([
            [i, STEP],
            [j, -STEP],
          ]) -
          shifted([
            [i, -STEP],
            [j, STEP],
          ]) +
          shifted([
            [i, -STEP],
            [j, -STEP],
          ])) /
        (4 * STEP * STEP);
      hessian[i]![j] = value;
      hessian[j]![i] = value;
    }
  }
  return hessian;
}

/** Cholesky factorisation and its inverse; null when the matrix is not positive definite. */
export function invertSymmetricPositiveDefinite(matrix: readonly (readonly number[])[]): number[][] | null {
  const n = matrix.length;
  const lower = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k++) sum -= lower[i]![k]! * lower[j]![k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        lower[i]![i] = Math.sqrt(sum);
      } else {
        lower[i]![j] = sum / lower[j]![j]!;
      }
    }
  }
  // inverse = L⁻ᵀ L⁻¹, solving L y = eₖ then Lᵀ x = y for each unit vector.
  const inverse = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let column = 0; column < n; column++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let sum = i === column ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= lower[i]![k]! * y[k]!;
      y[i] = sum / lower[i]![i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = y[i]!;
      for (let k = i + 1; k < n; k++) sum -= lower[k]![i]! * inverse[k]![column]!;
      inverse[i]![column] = sum / lower[i]![i]!;
    }
  }
  return inverse;
}
