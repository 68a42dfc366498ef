import { describe, expect, it } from 'vitest';
import { minimizeNelderMead } from './nelder-mead.ts';

describe('minimizeNelderMead', () => {
  it('finds the minimum of Rosenbrock’s valley at (1, 1)', () => {
    const rosenbrock = ([x, y]: readonly number[]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;
    const minimum = minimizeNelderMead(rosenbrock, [-1.2, 1]);
    expect(minimum.converged).toBe(true);
    expect(minimum.point[0]).toBeCloseTo(1, 5);
    expect(minimum.point[1]).toBeCloseTo(1, 5);
  });

  it('finds the centre of a ten-dimensional quadratic bowl', () => {
    const centre = Array.from({ length: 10 }, (_, i) => i - 4.5);
    const bowl = (point: readonly number[]) => point.reduce((sum, x, i) => sum + (i + 1) * (x - centre[i]!) ** 2, 0);
    const minimum = minimizeNelderMead(bowl, new Array(10).fill(0), { initialStep: 1 });
    minimum.point.forEach((x, i) => expect(x).toBeCloseTo(centre[i]!, 4));
  });

  it('treats a non-finite objective as a wall and stays inside the domain', () => {
    // −ln x + x has its minimum at x = 1 and is undefined for x ≤ 0.
    const minimum = minimizeNelderMead(([x]) => (x! > 0 ? -Math.log(x!) + x! : NaN), [3], { initialStep: 2 });
    expect(minimum.point[0]).toBeCloseTo(1, 6);
  });
});
