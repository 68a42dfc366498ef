import { ModelInputError } from './model-input-error.ts';

export interface ForecastAccuracy {
  /** Mean absolute percentage error, in percent, over the actuals that are not zero. */
  mape: number;
  /** Pairs compared. */
  compared: number;
  /** Pairs left out because the actual was zero, where a percentage error does not exist. */
  skippedZeroActuals: number;
}

/** MAPE = 100 · mean(|actual − forecast| / |actual|) (FPP3 §5.8), skipping zero actuals. */
export function meanAbsolutePercentageError(
  actuals: readonly number[],
  forecasts: readonly number[],
): ForecastAccuracy {
  if (actuals.length !== forecasts.length) {
    throw new ModelInputError('LENGTH_MISMATCH', `${actuals.length} actuals but ${forecasts.length} forecasts`);
  }
  let sum = 0;
  let compared = 0;
  actuals.forEach((actual, i) => {
    if (actual === 0) return;
    sum += Math.abs((actual - forecasts[i]!) / actual);
    compared++;
  });
  if (compared === 0)
    throw new ModelInputError('NO_NONZERO_ACTUALS', 'MAPE needs at least one actual that is not zero');
  return { mape: (100 * sum) / compared, compared, skippedZeroActuals: actuals.length - compared };
}

export interface BacktestOptions {
  /** Observations in the first training window. */
  initialWindow: number;
  /** Steps forecast from each origin. */
  horizon: number;
  /** How far the origin moves between folds (1 = every possible origin). */
  stride?: number;
}

export interface BacktestFold {
  /** Observations the model was trained on: the forecast starts at series[origin]. */
  origin: number;
  accuracy: ForecastAccuracy;
}

export interface BacktestResult {
  folds: BacktestFold[];
  /** MAPE over every forecast of every fold together. */
  overall: ForecastAccuracy;
}

/**
 * Evaluation on a rolling forecasting origin (FPP3 §5.10, "time series cross-validation"): train
 * on series[0, origin), forecast `horizon` steps, compare with series[origin, origin + horizon),
 * move the origin by `stride` and repeat while a whole horizon of actuals remains.
 */
export function rollingOriginBacktest(
  series: readonly number[],
  forecaster: (history: readonly number[], horizon: number) => readonly number[],
  { initialWindow, horizon, stride = 1 }: BacktestOptions,
): BacktestResult {
  for (const [name, value] of Object.entries({ initialWindow, horizon, stride })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new ModelInputError('INVALID_BACKTEST', `${name} must be a whole number, 1 or more (got ${value})`);
    }
  }
  if (initialWindow + horizon > series.length) {
    throw new ModelInputError(
      'INSUFFICIENT_HISTORY',
      `A backtest with a ${initialWindow}-point window and a ${horizon}-step horizon needs ${initialWindow + horizon} observations, got ${series.length}`,
    );
  }
  const folds: BacktestFold[] = [];
  const allActuals: number[] = [];
  const allForecasts: number[] = [];
  for (let origin = initialWindow; origin + horizon <= series.length; origin += stride) {
    const actuals = series.slice(origin, origin + horizon);
    const forecasts = forecaster(series.slice(0, origin), horizon);
    if (forecasts.length !== horizon) {
      throw new ModelInputError(
        'LENGTH_MISMATCH',
        `The forecaster returned ${forecasts.length} values for a ${horizon}-step horizon`,
      );
    }
    allActuals.push(...actuals);
    allForecasts.push(...forecasts);
    folds.push({ origin, accuracy: meanAbsolutePercentageError(actuals, forecasts) });
  }
  return { folds, overall: meanAbsolutePercentageError(allActuals, allForecasts) };
}
