import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma } from './log-gamma.ts';

describe('logGamma', () => {
  it('gives ln((n − 1)!) at whole numbers and ln √π at one half', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(21)).toBeCloseTo(Math.log(2432902008176640000), 11);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });

  it('matches Stirling’s series for large arguments', () => {
    const x = 1e6;
    const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x);
    expect(logGamma(x) / stirling).toBeCloseTo(1, 14);
  });

  it('obeys Γ(x + 1) = x·Γ(x) across the positive numbers', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (x) => {
        const difference = logGamma(x + 1) - logGamma(x) - Math.log(x);
        expect(Math.abs(difference)).toBeLessThan(1e-10 * Math.max(1, Math.abs(logGamma(x + 1))));
      }),
    );
  });

  it('uses the reflection formula for negative non-integers: Γ(−½) = −2√π', () => {
    expect(logGamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 13);
  });

  it('refuses the poles of Γ with a coded error', () => {
    expect(() => logGamma(0)).toThrow(expect.objectContaining({ code: 'OUT_OF_DOMAIN' }));
    expect(() => logGamma(-3)).toThrow(expect.objectContaining({ code: 'OUT_OF_DOMAIN' }));
  });
});
