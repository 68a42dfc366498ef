import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypergeometric2F1 } from './hypergeometric-2f1.ts';

const relativeError = (actual: number, expected: number) =>
  Math.abs(actual - expected) / Math.max(1e-300, Math.abs(expected));
const inside = fc.double({ min: -0.999, max: 0.999, noNaN: true }).filter((z) => Math.abs(z) > 1e-6);

describe('hypergeometric2F1', () => {
  it('equals −ln(1 − z)/z for (1, 1; 2; z), on both sides of zero', () => {
    fc.assert(
      fc.property(inside, (z) => {
        expect(relativeError(hypergeometric2F1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-12);
      }),
    );
  });

  it('equals (1 − z)^(−a) for (a, b; b; z)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        inside,
        (a, b, z) => {
          const expected = Math.pow(1 - z, -a);
          // For a < 0 and z near 1 the value is tiny and the series cancels: judge it on the scale of 1.
          expect(Math.abs(hypergeometric2F1(a, b, b, z) - expected) / Math.max(1, expected)).toBeLessThan(1e-10);
        },
      ),
    );
  });

  it('equals arcsin(x)/x for (½, ½; 3/2; x²) and arctan(x)/x for (½, 1; 3/2; −x²)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (x) => {
        expect(relativeError(hypergeometric2F1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x)).toBeLessThan(1e-12);
      }),
    );
    // −x² far below −1 goes through Pfaff's transformation.
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 30, noNaN: true }), (x) => {
        expect(relativeError(hypergeometric2F1(0.5, 1, 1.5, -x * x), Math.atan(x) / x)).toBeLessThan(1e-11);
      }),
    );
  });

  it('sums the series close to z = 1', () => {
    expect(relativeError(hypergeometric2F1(1, 1, 2, 0.9999), -Math.log(1e-4) / 0.9999)).toBeLessThan(1e-10);
  });

  it('uses Gauss’s theorem at z = 1: ₂F₁(1, 1; 3; 1) = 2', () => {
    expect(hypergeometric2F1(1, 1, 3, 1)).toBeCloseTo(2, 12);
  });

  it('sums a terminating series exactly: ₂F₁(−2, b; c; z) is a quadratic', () => {
    const [b, c, z] = [3, 5, 0.7];
    expect(hypergeometric2F1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 14);
  });

  it('sums quickly when b and c are huge, as a purchase model with near-identical dropouts makes them', () => {
    // ₂F₁(a, b; b; z) = (1 − z)^(−a) for any b.
    expect(relativeError(hypergeometric2F1(25, 2.2e7, 2.2e7, 0.538), Math.pow(1 - 0.538, -25))).toBeLessThan(1e-12);
  });

  it('refuses arguments outside its region with coded errors', () => {
    expect(() => hypergeometric2F1(1, 1, 2, 1.5)).toThrow(expect.objectContaining({ code: 'OUT_OF_DOMAIN' }));
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(expect.objectContaining({ code: 'OUT_OF_DOMAIN' }));
    expect(() => hypergeometric2F1(1, 1, -2, 0.5)).toThrow(expect.objectContaining({ code: 'OUT_OF_DOMAIN' }));
  });
});
