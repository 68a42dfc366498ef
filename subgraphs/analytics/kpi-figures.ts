import { money, type Money } from '../../common/money/money.ts';

export interface CountFigure {
  value: number;
  previous: number;
  delta: number;
  change: number | null;
}

export interface MoneyFigure {
  currency: string;
  value: Money;
  previous: Money;
  delta: Money;
  change: number | null;
}

export interface RateFigure {
  value: number | null;
  previous: number | null;
  delta: number | null;
}

const changeOf = (value: number, previous: number) => (previous === 0 ? null : (value - previous) / previous);

export const countFigure = (value: number, previous: number): CountFigure => ({
  value,
  previous,
  delta: value - previous,
  change: changeOf(value, previous),
});

/** One figure per currency present in either period, in currency order; amounts are never converted. */
export const moneyFigures = (now: Map<string, number>, before: Map<string, number>): MoneyFigure[] =>
  [...new Set([...now.keys(), ...before.keys()])].sort().map((currency) => {
    const value = now.get(currency) ?? 0;
    const previous = before.get(currency) ?? 0;
    return {
      currency,
      value: money(value, currency),
      previous: money(previous, currency),
      delta: money(value - previous, currency),
      change: changeOf(value, previous),
    };
  });

export const rateFigure = (value: number | null, previous: number | null): RateFigure => ({
  value,
  previous,
  delta: value === null || previous === null ? null : value - previous,
});
