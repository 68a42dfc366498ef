import { localDate } from '../../../common/time/zoned-time.ts';
import { ModelInputError } from './model-input-error.ts';

export interface CustomerOrder {
  customerId: string;
  orderedAt: Date;
}

export interface Cohort {
  /** The month of the cohort's first orders, YYYY-MM in the time zone. */
  month: string;
  /** Customers whose first order fell in that month. */
  customers: number;
  /** active[k]: cohort customers who ordered in the k-th month after it (k = 0 is the month itself). */
  active: number[];
  /** retention[k] = active[k] / customers. */
  retention: number[];
}

/**
 * The cohort retention matrix by month of first order: one row per cohort, up to the last month
 * with orders, in the given IANA time zone (an order at 23:30 UTC on 31 January is February's in
 * Tokyo).
 */
export function cohortRetention(orders: readonly CustomerOrder[], timeZone: string): Cohort[] {
  assertTimeZone(timeZone);
  const monthsByCustomer = new Map<string, Set<number>>();
  let lastMonth = -Infinity;
  orders.forEach((order, index) => {
    if (!(order.orderedAt instanceof Date) || Number.isNaN(order.orderedAt.getTime())) {
      throw new ModelInputError('INVALID_ORDER', `Order ${index}: orderedAt must be a date`);
    }
    const month = monthNumber(localDate(order.orderedAt, timeZone));
    lastMonth = Math.max(lastMonth, month);
    const months = monthsByCustomer.get(order.customerId) ?? new Set<number>();
    months.add(month);
    monthsByCustomer.set(order.customerId, months);
  });

  const cohorts = new Map<number, Cohort>();
  for (const months of monthsByCustomer.values()) {
    const first = Math.min(...months);
    let cohort = cohorts.get(first);
    if (!cohort) {
      const width = lastMonth - first + 1;
      cohort = { month: monthLabel(first), customers: 0, active: new Array<number>(width).fill(0), retention: [] };
      cohorts.set(first, cohort);
    }
    cohort.customers++;
    for (const month of months) cohort.active[month - first]!++;
  }
  return [...cohorts.entries()]
    .sort(([left], [right]) => left - right)
    .map(([, cohort]) => ({ ...cohort, retention: cohort.active.map((active) => active / cohort.customers) }));
}

/** Months since year 0: consecutive months are consecutive numbers. */
function monthNumber(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

function monthLabel(month: number): string {
  return `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}

function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ModelInputError('INVALID_TIME_ZONE', `Unknown time zone "${timeZone}"`);
  }
}
