import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filter, fitHoltWinters, forecastHoltWinters, holtWintersForecastVariance } from './holt-winters.ts';

// International visitor nights in Australia (millions), quarterly, 2005 Q1 – 2015 Q4:
// `window(austourists, start = 2005)` from the fpp2 R package, the worked example of Hyndman and
// Athanasopoulos, "Forecasting: Principles and Practice" (2nd ed.), §7.3 "Holt-Winters' seasonal
// method", Table 7.3, fitted there with `hw(aust, seasonal = "additive")`.
const AUSTOURISTS = [
  42.20566386, 24.64917133, 32.66733514, 37.25735401, 45.24246027, 29.35048127, 36.34420728, 41.78208136, 49.27659843,
  31.27540139, 37.85062549, 38.83704413, 51.23690034, 31.83855162, 41.32342126, 42.79900337, 55.70835836, 33.40714492,
  42.31663797, 45.15712257, 59.57607996, 34.83733016, 44.84168072, 46.9712496, 60.01903094, 38.37117851, 46.97586413,
  50.73379646, 61.64687319, 39.29956937, 52.67120908, 54.33231689, 66.83435838, 40.87118847, 51.82853579, 57.49190993,
  65.25146985, 43.06120822, 54.76075713, 59.83447494, 73.25702747, 47.69662373, 61.09776802, 66.05576122,
];
// The book's fit: α = 0.3063, β = 0.0001, γ = 0.4263, ℓ₀ = 32.2597, b₀ = 0.7014,
// (s₀, s₋₁, s₋₂, s₋₃) = (1.3106, −1.6935, −9.3132, 9.6962); σ = 1.949 and training RMSE 1.763.
const PUBLISHED = {
  parameters: { alpha: 0.3063, beta: 0.0001, gamma: 0.4263 },
  initialStates: { level: 32.2597, trend: 0.7014, seasonal: [9.6962, -9.3132, -1.6935, 1.3106] },
  sigma: 1.949,
  rmse: 1.763,
};

describe('Holt-Winters additive on the FPP2 visitor-nights example', () => {
  const published = filter(AUSTOURISTS, PUBLISHED.parameters, PUBLISHED.initialStates);
  const fit = fitHoltWinters(AUSTOURISTS, 4);

  it('reproduces the book’s RMSE and σ from its parameters, to the printed precision', () => {
    // σ̂² = SSE / (n − 8): 3 smoothing parameters, ℓ₀, b₀ and 3 free seasonal states.
    expect(Math.sqrt(published.sumOfSquaredErrors / AUSTOURISTS.length)).toBeCloseTo(PUBLISHED.rmse, 3);
    expect(Math.sqrt(published.sumOfSquaredErrors / (AUSTOURISTS.length - 8))).toBeCloseTo(PUBLISHED.sigma, 3);
  });

  it('fits at least as well as the book, and as closely as the flat error surface allows', () => {
    // The sum of squares barely changes along α and γ here, so optimisers stop at different
    // points of the valley: the book's (R's Nelder-Mead in `ets`) has SSE 136.80, ours must be no
    // worse. The well-determined quantities must agree: β at its lower bound, the level and
    // trend within 0.1 and 0.01, each initial seasonal state within 0.5 (a quarter of σ).
    expect(fit.sumOfSquaredErrors).toBeLessThanOrEqual(published.sumOfSquaredErrors);
    expect(fit.parameters.beta).toBeLessThan(0.001);
    expect(Math.abs(fit.initialStates.level - PUBLISHED.initialStates.level)).toBeLessThan(0.1);
    expect(Math.abs(fit.initialStates.trend - PUBLISHED.initialStates.trend)).toBeLessThan(0.01);
    fit.initialStates.seasonal.forEach((s, i) =>
      expect(Math.abs(s - PUBLISHED.initialStates.seasonal[i]!)).toBeLessThan(0.5),
    );
    expect(Math.sqrt(fit.residualVariance)).toBeLessThanOrEqual(PUBLISHED.sigma + 0.0005);
  });

  it('forecasts the next two years within 0.1·σ of the book’s model', () => {
    // Tolerance: both fits are within 0.6 % of the same sum of squares, so their forecasts may
    // differ by a small fraction of the one-step error σ ≈ 1.95, not more.
    const book = forecastHoltWinters({ ...fit, ...PUBLISHED, finalStates: published.finalStates }, 8);
    const ours = forecastHoltWinters(fit, 8);
    ours.forEach((point, i) => expect(Math.abs(point.mean - book[i]!.mean)).toBeLessThan(0.1 * PUBLISHED.sigma));
  });

  it('widens its 95 % prediction interval with the horizon, around the point forecast', () => {
    const forecasts = forecastHoltWinters(fit, 8, 0.95);
    forecasts.forEach((point) => {
      expect(point.upper - point.mean).toBeCloseTo(1.959964 * point.standardDeviation, 5);
      expect(point.mean - point.lower).toBeCloseTo(1.959964 * point.standardDeviation, 5);
    });
    expect(forecasts[0]!.standardDeviation).toBeCloseTo(Math.sqrt(fit.residualVariance), 10);
    for (let i = 1; i < forecasts.length; i++) {
      expect(forecasts[i]!.standardDeviation).toBeGreaterThan(forecasts[i - 1]!.standardDeviation);
    }
  });
});

describe('Holt-Winters properties', () => {
  it('reproduces a noise-free weekly pattern on a trend exactly, forecasts included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 7, maxLength: 7 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: -5, max: 5 }),
        (week, level, slope) => {
          const centred = week.map((s) => s - week.reduce((sum, x) => sum + x, 0) / 7);
          const value = (t: number) => level + slope * t + centred[t % 7]!;
          const fit = fitHoltWinters(
            Array.from({ length: 28 }, (_, t) => value(t)),
            7,
          );
          forecastHoltWinters(fit, 10).forEach((point) => expect(point.mean).toBeCloseTo(value(27 + point.step), 3));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('has the forecast variance of the linear innovations form, σ²(1 + Σ cⱼ²) with cⱼ = α + βj + γ·[m divides j]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 60 }),
        (alpha, betaShare, gammaShare, m, h) => {
          const parameters = { alpha, beta: betaShare * alpha, gamma: gammaShare * (1 - alpha) };
          let sum = 1;
          for (let j = 1; j < h; j++) {
            const c = parameters.alpha + parameters.beta * j + (j % m === 0 ? parameters.gamma : 0);
            sum += c * c;
          }
          expect(holtWintersForecastVariance(parameters, m, 2.5, h)).toBeCloseTo(2.5 * sum, 8);
        },
      ),
    );
  });
});

describe('Holt-Winters input', () => {
  it('refuses a history shorter than two seasons', () => {
    expect(() => fitHoltWinters([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 7)).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_HISTORY' }),
    );
  });

  it('refuses a series with a missing value', () => {
    expect(() => fitHoltWinters([...AUSTOURISTS.slice(0, 10), NaN], 4)).toThrow(
      expect.objectContaining({ code: 'INVALID_SERIES' }),
    );
  });
});
