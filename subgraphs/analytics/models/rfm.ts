import { ModelInputError } from './model-input-error.ts';

export interface CustomerActivity {
  customerId: string;
  lastOrderAt: Date;
  orderCount: number;
  /** Total spend in minor units. */
  totalSpend: number;
}

export type RfmSegment = 'CHAMPIONS' | 'LOYAL' | 'POTENTIAL' | 'NEW' | 'AT_RISK' | 'HIBERNATING' | 'LOST';

export interface RfmScore {
  customerId: string;
  /** 1–5 each, 5 the best: most recent, most frequent, biggest spender. */
  recency: number;
  frequency: number;
  monetary: number;
  segment: RfmSegment;
}

const DAY = 86_400_000;

/**
 * The segment for each (recency score, frequency score) pair, rows R = 5 … 1, columns F = 1 … 5.
 * Segments follow recency and frequency, the two that describe a relationship; the monetary score
 * ranks customers within a segment.
 *
 *   R \ F    1            2            3            4          5
 *   5, 4     NEW          POTENTIAL    POTENTIAL    CHAMPIONS  CHAMPIONS
 *   3        HIBERNATING  POTENTIAL    POTENTIAL    LOYAL      LOYAL
 *   2        HIBERNATING  HIBERNATING  HIBERNATING  AT_RISK    AT_RISK
 *   1        LOST         LOST         LOST         AT_RISK    AT_RISK
 *
 * Recent, frequent, big spenders are Champions; frequent ones gone quieter are Loyal, and At Risk
 * once they have stayed away; recent ones who buy little are New (one order) or Potential; the
 * long-gone who bought little are Hibernating, and Lost when the longest gone.
 */
export const RFM_SEGMENT_MAP: Readonly<Record<number, readonly RfmSegment[]>> = {
  5: ['NEW', 'POTENTIAL', 'POTENTIAL', 'CHAMPIONS', 'CHAMPIONS'],
  4: ['NEW', 'POTENTIAL', 'POTENTIAL', 'CHAMPIONS', 'CHAMPIONS'],
  3: ['HIBERNATING', 'POTENTIAL', 'POTENTIAL', 'LOYAL', 'LOYAL'],
  2: ['HIBERNATING', 'HIBERNATING', 'HIBERNATING', 'AT_RISK', 'AT_RISK'],
  1: ['LOST', 'LOST', 'LOST', 'AT_RISK', 'AT_RISK'],
};

export function rfmSegment(recency: number, frequency: number): RfmSegment {
  return RFM_SEGMENT_MAP[recency]![frequency - 1]!;
}

/**
 * Scores every customer 1–5 on recency (days since the last order as of `asOf`, fewer is better),
 * frequency (orders) and monetary value (total spend) by quintile of the tenant's customers, then
 * names the segment. Ties share a score: a customer's quintile is that of their mid-rank.
 */
export function scoreRfm(customers: readonly CustomerActivity[], asOf: Date): RfmScore[] {
  customers.forEach((customer, index) => {
    const problem =
      !(customer.lastOrderAt instanceof Date) || Number.isNaN(customer.lastOrderAt.getTime())
        ? 'lastOrderAt must be a date'
        : customer.lastOrderAt.getTime() > asOf.getTime()
          ? 'lastOrderAt is after the scoring date'
          : !Number.isInteger(customer.orderCount) || customer.orderCount < 1
            ? 'orderCount must be a whole number, 1 or more'
            : !Number.isInteger(customer.totalSpend) || customer.totalSpend < 0
              ? 'totalSpend must be a whole amount in minor units, 0 or more'
              : null;
    if (problem) throw new ModelInputError('INVALID_CUSTOMER_ACTIVITY', `Customer ${index}: ${problem}`);
  });
  const recency = quintileScores(customers.map((customer) => -(asOf.getTime() - customer.lastOrderAt.getTime()) / DAY));
  const frequency = quintileScores(customers.map((customer) => customer.orderCount));
  const monetary = quintileScores(customers.map((customer) => customer.totalSpend));
  return customers.map((customer, i) => ({
    customerId: customer.customerId,
    recency: recency[i]!,
    frequency: frequency[i]!,
    monetary: monetary[i]!,
    segment: rfmSegment(recency[i]!, frequency[i]!),
  }));
}

/** 1–5 by quintile, higher values scoring higher: ⌈5·(mid-rank + ½)/n⌉ with ties at their mean rank. */
export function quintileScores(values: readonly number[]): number[] {
  const order = values.map((_, index) => index).sort((left, right) => values[left]! - values[right]!);
  const scores = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const midRank = (start + end) / 2;
    const score = Math.min(5, Math.max(1, Math.ceil((5 * (midRank + 0.5)) / values.length)));
    for (let i = start; i <= end; i++) scores[order[i]!] = score;
    start = end + 1;
  }
  return scores;
}
