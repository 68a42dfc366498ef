import { ModelInputError } from './model-input-error.ts';

/**
 * What the customer-base models know of one customer, in one time unit (weeks, days) throughout:
 * the "RFM summary" of Fader, Hardie and Lee.
 */
export interface CustomerSummary {
  /** x: repeat purchases, i.e. purchases after the first. */
  frequency: number;
  /** tₓ: time from the first purchase to the last one (0 when there was no repeat purchase). */
  recency: number;
  /** T: time from the first purchase to the end of observation. */
  age: number;
  /** Mean value of the repeat purchases (needed by the spend model only; 0 without repeats). */
  averageSpend?: number;
}

/** Refuses a summary that cannot describe a real customer, naming the first bad row. */
export function assertValidSummaries(customers: readonly CustomerSummary[]): void {
  customers.forEach((customer, index) => {
    const { frequency: x, recency: tx, age: T } = customer;
    const problem =
      !Number.isInteger(x) || x < 0
        ? 'frequency must be a whole number of repeat purchases, 0 or more'
        : !Number.isFinite(T) || T <= 0
          ? 'age must be a positive time'
          : !Number.isFinite(tx) || tx < 0 || tx > T
            ? 'recency must lie between 0 and the age'
            : x === 0 && tx !== 0
              ? 'recency must be 0 for a customer without repeat purchases'
              : null;
    if (problem) throw new ModelInputError('INVALID_CUSTOMER_SUMMARY', `Customer ${index}: ${problem}`);
  });
}
