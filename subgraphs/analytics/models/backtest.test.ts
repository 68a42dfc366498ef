import { describe, expect, it } from 'vitest';
import { meanAbsolutePercentageError, rollingOriginBacktest } from './backtest.ts';
import { fitHoltWinters, forecastHoltWinters } from './holt-winters.ts';

const naive = (history: readonly number[], horizon: number) =>
  new Array<number>(horizon).fill(history[history.length - 1]!);

describe('meanAbsolutePercentageError', () => {
  it('averages the absolute errors as percentages of the actuals', () => {
    expect(meanAbsolutePercentageError([100, 200], [110, 180]).mape).toBeCloseTo(10, 12);
  });

  it('leaves out zero actuals and says how many', () => {
    expect(meanAbsolutePercentageError([0, 50], [5, 40])).toEqual({ mape: 20, compared: 1, skippedZeroActuals: 1 });
  });

  it('refuses series of different lengths, or only zero actuals', () => {
    expect(() => meanAbsolutePercentageError([1, 2], [1])).toThrow(
      expect.objectContaining({ code: 'LENGTH_MISMATCH' }),
    );
    expect(() => meanAbsolutePercentageError([0, 0], [1, 1])).toThrow(
      expect.objectContaining({ code: 'NO_NONZERO_ACTUALS' }),
    );
  });
});

describe('rollingOriginBacktest', () => {
  it('forecasts from every origin that leaves a whole horizon, training only on the past', () => {
    const series = [10, 20, 40, 80, 160, 320];
    const seen: number[][] = [];
    const result = rollingOriginBacktest(
      series,
      (history, horizon) => {
        seen.push([...history]);
        return naive(history, horizon);
      },
      { initialWindow: 3, horizon: 2 },
    );
    expect(result.folds.map((fold) => fold.origin)).toEqual([3, 4]);
    expect(seen).toEqual([
      [10, 20, 40],
      [10, 20, 40, 80],
    ]);
    // Origin 3: 40 against 80 and 160 (50 %, 75 %); origin 4: 80 against 160 and 320 (50 %, 75 %).
    expect(result.folds[0]!.accuracy.mape).toBeCloseTo(62.5, 12);
    expect(result.overall.mape).toBeCloseTo(62.5, 12);
  });

  it('moves the origin by the stride', () => {
    const series = Array.from({ length: 20 }, (_, i) => i + 1);
    const result = rollingOriginBacktest(series, naive, { initialWindow: 5, horizon: 3, stride: 4 });
    expect(result.folds.map((fold) => fold.origin)).toEqual([5, 9, 13, 17]);
  });

  it('scores Holt-Winters better than the naive forecast on a weekly pattern', () => {
    const week = [120, 130, 125, 140, 190, 240, 90];
    const series = Array.from({ length: 10 * 7 }, (_, t) => 1000 + 2 * t + week[t % 7]! + 15 * Math.sin(t * 1.7));
    const holtWinters = (history: readonly number[], horizon: number) =>
      forecastHoltWinters(fitHoltWinters(history, 7), horizon).map((point) => point.mean);
    const options = { initialWindow: 8 * 7, horizon: 7, stride: 7 };
    expect(rollingOriginBacktest(series, holtWinters, options).overall.mape).toBeLessThan(
      rollingOriginBacktest(series, naive, options).overall.mape,
    );
  });

  it('refuses a history too short for one fold', () => {
    expect(() => rollingOriginBacktest([1, 2, 3], naive, { initialWindow: 3, horizon: 1 })).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_HISTORY' }),
    );
  });
});
