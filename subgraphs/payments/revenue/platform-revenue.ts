import { LessThan } from 'typeorm';
import type { Database } from '../../../common/database/database.ts';
import { monthOf, monthStart, nextMonthStart } from '../../../common/time/utc-month.ts';
import { BillingChangeEntity } from '../billing/billing-change.entity.ts';
import type { RevenueRange } from './revenue-report.ts';
import { subscriptionMonths, type MonthSpan, type SubscriptionMonth } from './subscription-metrics.ts';

/** The UTC months the range touches, each ending at its end or now, whichever is first; none in the future. */
export function monthsOf({ from, to }: RevenueRange, now: Date): MonthSpan[] {
  const months: MonthSpan[] = [];
  let start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (start < to && start < now) {
    const next = nextMonthStart(start);
    months.push({ month: monthOf(start), start, end: next < now ? next : now });
    start = next;
  }
  return months;
}

/** One month and currency of the platform's revenue, as another subgraph refers to it. */
export interface RevenueMonthKey {
  month: string;
  currency: string;
}

/**
 * The platform's subscription revenue, for its operators only. It reads every tenant's billing
 * history, so it runs as the schema owner through `database.system`, on purpose and in plain sight;
 * row-level security stays as it is for everyone else.
 */
export function createPlatformRevenue(database: Database) {
  async function months(range: RevenueRange, now = new Date()): Promise<SubscriptionMonth[]> {
    const spans = monthsOf(range, now);
    if (spans.length === 0) return [];
    const changes = await database.system((manager) =>
      manager.getRepository(BillingChangeEntity).find({ where: { at: LessThan(spans.at(-1)!.end) } }),
    );
    return subscriptionMonths(changes, spans);
  }

  return {
    months,
    /**
     * The months these keys name, recomputed from one read of the history; null for a key that is
     * no month, a month in the future, or a currency nobody paid or trialled in that month.
     */
    async byKey(keys: readonly RevenueMonthKey[], now = new Date()): Promise<(SubscriptionMonth | null)[]> {
      const starts = keys.map((key) => monthStart(key.month)).filter((start): start is Date => start !== null);
      if (starts.length === 0) return keys.map(() => null);
      const from = new Date(Math.min(...starts.map(Number)));
      const to = nextMonthStart(new Date(Math.max(...starts.map(Number))));
      const rows = await months({ from, to }, now);
      return keys.map((key) => rows.find((row) => row.month === key.month && row.currency === key.currency) ?? null);
    },
  };
}

export type PlatformRevenue = ReturnType<typeof createPlatformRevenue>;
