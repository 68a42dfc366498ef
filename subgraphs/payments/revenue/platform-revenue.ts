import { LessThan } from 'typeorm';
import type { Database } from '../../../common/database/database.ts';
import { BillingChangeEntity } from '../billing/billing-change.entity.ts';
import type { RevenueRange } from './revenue-report.ts';
import { subscriptionMonths, type MonthSpan, type SubscriptionMonth } from './subscription-metrics.ts';

/** The UTC months the range touches, each ending at its end or now, whichever is first; none in the future. */
export function monthsOf({ from, to }: RevenueRange, now: Date): MonthSpan[] {
  const months: MonthSpan[] = [];
  let start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (start < to && start < now) {
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    months.push({ month: start.toISOString().slice(0, 7), start, end: next < now ? next : now });
    start = next;
  }
  return months;
}

/**
 * The platform's subscription revenue, for its operators only. It reads every tenant's billing
 * history, so it runs as the schema owner through `database.system`, on purpose and in plain sight;
 * row-level security stays as it is for everyone else.
 */
export function createPlatformRevenue(database: Database) {
  return {
    async months(range: RevenueRange, now = new Date()): Promise<SubscriptionMonth[]> {
      const months = monthsOf(range, now);
      if (months.length === 0) return [];
      const changes = await database.system((manager) =>
        manager.getRepository(BillingChangeEntity).find({ where: { at: LessThan(months.at(-1)!.end) } }),
      );
      return subscriptionMonths(changes, months);
    },
  };
}

export type PlatformRevenue = ReturnType<typeof createPlatformRevenue>;
