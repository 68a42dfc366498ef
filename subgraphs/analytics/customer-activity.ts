import type { EntityManager } from 'typeorm';
import { DAYS_IN_MASK } from './customer-days.entity.ts';
import type { HourSpan } from './kpi-range.ts';
import { isSale } from './sales-hour.ts';

const DAY_MS = 86_400_000;

/** The four periods `kpis` counts distinct customers in: the range, the compared one, and those just before each. */
export interface ActivitySpans {
  range: HourSpan;
  compared: HourSpan;
  priorToRange: HourSpan;
  priorToComparison: HourSpan;
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

const FLAGS = ['a', 'b', 'c', 'd'] as const;
type Flags = Record<(typeof FLAGS)[number], boolean>;

/**
 * A span as whole UTC days, read from the customers' sale days, and the part-days at its ends (a
 * local calendar's days are off UTC's), read from the facts.
 */
function split({ start, end }: HourSpan): { days: number[]; edges: [Date, Date][] } {
  const fullFrom = Math.ceil(start.getTime() / DAY_MS) * DAY_MS;
  const fullTo = Math.floor(end.getTime() / DAY_MS) * DAY_MS;
  if (fullFrom >= fullTo) return { days: [], edges: [[start, end]] };
  const days: number[] = [];
  for (let day = fullFrom; day < fullTo; day += DAY_MS) days.push(day);
  const edges: [Date, Date][] = [
    [start, new Date(fullFrom)],
    [new Date(fullTo), end],
  ];
  return { days, edges: edges.filter(([from, to]) => from < to) };
}

/** Per UTC year, each span's days as a bit mask; and every part-day with the spans it belongs to. */
function masksAndEdges(spans: HourSpan[]) {
  const masks = new Map<number, string[][]>();
  const edges: ({ s: Date; e: Date } & Flags)[] = [];
  spans.forEach((span, index) => {
    const parts = split(span);
    for (const day of parts.days) {
      const year = new Date(day).getUTCFullYear();
      const bits = masks.get(year) ?? spans.map(() => new Array<string>(DAYS_IN_MASK).fill('0'));
      bits[index]![(day - Date.UTC(year, 0, 1)) / DAY_MS] = '1';
      masks.set(year, bits);
    }
    const flags = Object.fromEntries(FLAGS.map((flag, which) => [flag, which === index])) as Flags;
    for (const [s, e] of parts.edges) edges.push({ s, e, ...flags });
  });
  const years = [...masks].map(([year, bits]) => ({
    year,
    ...Object.fromEntries(FLAGS.map((flag, index) => [flag, bits[index]!.join('')])),
    // The days of any span: a customer without one is left out before the grouping.
    abcd: bits[0]!.map((_, day) => (bits.some((span) => span[day] === '1') ? '1' : '0')).join(''),
  }));
  return { years, edges };
}

/** Distinct customers with a sale in each span (at one store or all), and those active in both of each pair. */
export async function customerActivity(
  manager: EntityManager,
  storeId: string | null,
  spans: ActivitySpans,
): Promise<CustomerActivity> {
  const { years, edges } = masksAndEdges([spans.range, spans.compared, spans.priorToRange, spans.priorToComparison]);
  const mask = `bit(${DAYS_IN_MASK})`;
  const [row]: Record<string, string>[] = await manager.query(
    `SELECT count(*) FILTER (WHERE a) AS active, count(*) FILTER (WHERE b) AS active_before,
            count(*) FILTER (WHERE c) AS prior, count(*) FILTER (WHERE a AND c) AS retained,
            count(*) FILTER (WHERE d) AS prior_before, count(*) FILTER (WHERE b AND d) AS retained_before
       FROM (SELECT x.customer_id, bool_or(x.a) AS a, bool_or(x.b) AS b, bool_or(x.c) AS c, bool_or(x.d) AS d
               FROM (SELECT y.customer_id, bit_count(y.days & m.a) > 0 AS a, bit_count(y.days & m.b) > 0 AS b,
                            bit_count(y.days & m.c) > 0 AS c, bit_count(y.days & m.d) > 0 AS d
                       FROM jsonb_to_recordset($2::jsonb)
                            AS m(year smallint, a ${mask}, b ${mask}, c ${mask}, d ${mask}, abcd ${mask})
                       JOIN analytics.customer_sale_days y ON y.year = m.year
                      WHERE ($1::uuid IS NULL OR y.store_id = $1) AND bit_count(y.days & m.abcd) > 0
                     UNION ALL
                     SELECT f.customer_id, w.a, w.b, w.c, w.d
                       FROM jsonb_to_recordset($3::jsonb) AS w(s timestamptz, e timestamptz, a bool, b bool, c bool, d bool)
                       JOIN analytics.order_facts f ON f.placed_at >= w.s AND f.placed_at < w.e
                      WHERE f.customer_id IS NOT NULL AND ${isSale('f')} AND ($1::uuid IS NULL OR f.store_id = $1)) x
              GROUP BY x.customer_id) c`,
    [storeId, JSON.stringify(years), JSON.stringify(edges)],
  );
  return {
    active: Number(row!.active),
    activeBefore: Number(row!.active_before),
    priorToRange: Number(row!.prior),
    retained: Number(row!.retained),
    priorToComparison: Number(row!.prior_before),
    retainedBefore: Number(row!.retained_before),
  };
}
