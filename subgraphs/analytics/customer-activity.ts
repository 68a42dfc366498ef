import type { EntityManager } from 'typeorm';
import { dayScope } from './day-scopes.ts';
import { hourSpan, type DateRange } from './kpi-range.ts';
import { isSale } from './sales-hour.ts';
import type { FigureScope } from './kpi.service.ts';

/** The four periods `kpis` counts distinct customers in: the range, the compared one, and those just before each. */
export interface ActivityPeriods {
  range: DateRange;
  compared: DateRange;
  priorToRange: DateRange;
  priorToComparison: DateRange;
}

export interface CustomerActivity {
  active: number;
  activeBefore: number;
  priorToRange: number;
  /** Customers active both just before the range and in it. */
  retained: number;
  priorToComparison: number;
  retainedBefore: number;
}

/** Where the periods are `a` to `d`, each with its bounds at `$2`…`$9` in the order of `ActivityPeriods`. */
const PERIODS = ['range', 'compared', 'priorToRange', 'priorToComparison'] as const;
const BOUND = (index: number) => [`$${2 + index * 2}`, `$${3 + index * 2}`] as const;

const ACTIVITY = (a: string, b: string, c: string, d: string) => `
  ${a} AS active, ${b} AS active_before, ${c} AS prior, ${d} AS prior_before`;

/** From the daily customer sets: OR the days of each period, count the bits (and those of two periods at once). */
const fromDailySets = () => {
  const sets = PERIODS.map((_, index) => {
    const [from, to] = BOUND(index);
    return `bit_or(customers) FILTER (WHERE day >= ${from}::date AND day <= ${to}::date) AS ${'abcd'[index]}`;
  });
  const count = (set: string) => `coalesce(bit_count(${set}), 0)`;
  return `SELECT ${ACTIVITY(count('a'), count('b'), count('c'), count('d'))},
                 ${count('a & c')} AS retained, ${count('b & d')} AS retained_before
            FROM (SELECT ${sets.join(', ')} FROM analytics.daily_customers
                   WHERE scope_id = $1 AND day >= $10::date AND day <= $11::date) s`;
};

/** From the facts, for a zone other than the scope's own: each customer's sales, per period. */
const fromFacts = () => {
  const inPeriod = PERIODS.map((_, index) => {
    const [from, to] = BOUND(index);
    return `f.placed_at >= ${from}::timestamptz AND f.placed_at < ${to}::timestamptz`;
  });
  const count = (flag: string) => `count(*) FILTER (WHERE ${flag})`;
  return `SELECT ${ACTIVITY(count('a'), count('b'), count('c'), count('d'))},
                 ${count('a AND c')} AS retained, ${count('b AND d')} AS retained_before
            FROM (SELECT f.customer_id, ${inPeriod.map((where, index) => `bool_or(${where}) AS ${'abcd'[index]}`).join(', ')}
                    FROM analytics.order_facts f
                   WHERE f.customer_id IS NOT NULL AND ${isSale('f')} AND ($1::uuid IS NULL OR f.store_id = $1)
                     AND (${inPeriod.map((where) => `(${where})`).join(' OR ')})
                   GROUP BY f.customer_id) c`;
};

/** Distinct customers with a sale in each period (at one store or all), and those active in both of each pair. */
export async function customerActivity(
  manager: EntityManager,
  figures: FigureScope,
  periods: ActivityPeriods,
): Promise<CustomerActivity> {
  const { store, timeZone } = figures;
  const ranges = PERIODS.map((period) => periods[period]);
  const scope = dayScope(figures, periods.range);
  const [row]: Record<string, string>[] = scope
    ? await manager.query(fromDailySets(), [
        scope.scopeId,
        ...ranges.flatMap((range) => [range.from, range.to]),
        ranges.map((range) => range.from).sort()[0],
        ranges
          .map((range) => range.to)
          .sort()
          .at(-1),
      ])
    : await manager.query(fromFacts(), [
        store?.id ?? null,
        ...ranges.flatMap((range) => {
          const span = hourSpan(range, timeZone);
          return [span.start, span.end];
        }),
      ]);
  return {
    active: Number(row!.active),
    activeBefore: Number(row!.active_before),
    priorToRange: Number(row!.prior),
    retained: Number(row!.retained),
    priorToComparison: Number(row!.prior_before),
    retainedBefore: Number(row!.retained_before),
  };
}
