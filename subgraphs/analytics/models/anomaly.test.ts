import { describe, expect, it } from 'vitest';
import { detectAnomaly } from './anomaly.ts';

const band = { expected: 1000, standardDeviation: 50 };

describe('detectAnomaly', () => {
  it('finds nothing inside expected ± 3σ', () => {
    expect(detectAnomaly(1149, band)).toBeNull();
    expect(detectAnomaly(851, band)).toBeNull();
  });

  it('grades a value by how far beyond the band it lies', () => {
    expect(detectAnomaly(1160, band)).toMatchObject({ direction: 'ABOVE', severity: 'LOW', deviations: 3.2 });
    expect(detectAnomaly(760, band)).toMatchObject({ direction: 'BELOW', severity: 'MEDIUM' });
    expect(detectAnomaly(1300, band)).toMatchObject({
      direction: 'ABOVE',
      severity: 'HIGH',
      band: { lower: 850, upper: 1150 },
    });
  });

  it('uses the band width it is given', () => {
    expect(detectAnomaly(1110, band, 2)).toMatchObject({ severity: 'LOW' });
  });

  it('calls any departure from a certain expectation HIGH', () => {
    expect(detectAnomaly(1001, { expected: 1000, standardDeviation: 0 })).toMatchObject({
      severity: 'HIGH',
      direction: 'ABOVE',
    });
    expect(detectAnomaly(1000, { expected: 1000, standardDeviation: 0 })).toBeNull();
  });

  it('refuses a negative deviation or a non-finite value', () => {
    expect(() => detectAnomaly(1, { expected: 1, standardDeviation: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_BAND' }),
    );
    expect(() => detectAnomaly(NaN, band)).toThrow(expect.objectContaining({ code: 'INVALID_BAND' }));
  });
});
