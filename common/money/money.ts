/** An amount in the currency's minor unit (cents; yen have none) with its ISO-4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

export const money = (amount: number, currency: string): Money => ({ amount, currency });

export const isCurrencyCode = (code: string): boolean => Intl.supportedValuesOf('currency').includes(code);

/** How many decimals the currency's minor unit has: 2 for USD and EUR, 0 for JPY and KRW. */
export const minorUnitDigits = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** A price list (amounts by currency) as GraphQL Money values, in a stable order. */
export const moneyList = (prices: Record<string, number>): Money[] =>
  Object.keys(prices)
    .sort()
    .map((currency) => money(prices[currency]!, currency));

/** Amounts are whole minor units: no fractions, and within what a 32-bit GraphQL Int carries. */
export const isMinorUnitAmount = (amount: number): boolean =>
  Number.isSafeInteger(amount) && Math.abs(amount) <= 2 ** 31 - 1;
