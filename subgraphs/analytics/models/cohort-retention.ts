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

/** Of the customers first active in month `first`, how many were active `since` months later. */
export interface CohortCount {
  first: number;
  since: number;
  customers: number;
}

/**
 * The cohort retention matrix by month of first order from its counts: one row per cohort, each as
 * wide as the months up to `lastMonth` (months counted from year 0, so consecutive ones are
 * consecutive numbers), zero where nobody came back.
 */
export function cohortMatrix(counts: readonly CohortCount[], lastMonth: number): Cohort[] {
  const cohorts = new Map<number, Cohort>();
  for (const { first, since, customers } of counts) {
    let cohort = cohorts.get(first);
    if (!cohort) {
      cohort = {
        month: monthLabel(first),
        customers: 0,
        active: new Array<number>(lastMonth - first + 1).fill(0),
        retention: [],
      };
      cohorts.set(first, cohort);
    }
    cohort.active[since] = customers;
    if (since === 0) cohort.customers = customers;
  }
  return [...cohorts.entries()]
    .sort(([left], [right]) => left - right)
    .map(([, cohort]) => ({ ...cohort, retention: cohort.active.map((active) => active / cohort.customers) }));
}

function monthLabel(month: number): string {
  return `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}
