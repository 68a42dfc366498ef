import type { Tier } from '../../../common/tiers.ts';
import type { BillingChange } from '../billing/billing-change.entity.ts';

/** A UTC month, from its first instant to its end (exclusive; now, for the month under way). */
export interface MonthSpan {
  month: string;
  start: Date;
  end: Date;
}

/** One month's subscription revenue in one currency; amounts in its minor unit. */
export interface SubscriptionMonth {
  month: string;
  currency: string;
  mrr: number;
  payingTenants: number;
  trialingTenants: number;
  payingTenantsAtStart: number;
  /** Paying at the month's end, paying nothing at its start: the tenants the month acquired. */
  newPayingTenants: number;
  mrrAtStart: number;
  newMrr: number;
  expansionMrr: number;
  contractionMrr: number;
  churnedMrr: number;
  churnedTenants: number;
  tenantsByTier: { tier: Tier; tenants: number }[];
}

type Plan = Pick<BillingChange, 'tier' | 'status' | 'priceAmount' | 'currency' | 'priceInterval'>;

/**
 * Paid subscriptions whose money is being collected. A trial pays nothing yet; a RESTRICTED tenant
 * has FREE's limits after Stripe failed to collect several times, so it is not counted as paying
 * until an invoice is paid.
 */
const PAYING = new Set(['ACTIVE', 'PAST_DUE']);
const MONTHS_PER_INTERVAL: Record<string, number> = { day: 12 / 365, week: 12 / 52, month: 1, year: 12 };

/** What a plan brings in per month, in its currency; null when it brings in nothing. */
export function monthlyRevenueOf(plan: Plan): { currency: string; amount: number } | null {
  if (!PAYING.has(plan.status) || plan.tier === 'FREE' || plan.priceAmount === null || !plan.currency) return null;
  const months = MONTHS_PER_INTERVAL[plan.priceInterval ?? 'month'];
  return months ? { currency: plan.currency.trim(), amount: Math.round(plan.priceAmount / months) } : null;
}

/** The plan in force just before `instant`: the last change before it, in the tenant's order. */
function planAt(history: readonly BillingChange[], instant: Date): BillingChange | null {
  let found: BillingChange | null = null;
  for (const change of history) if (change.at < instant) found = change;
  return found;
}

const amountIn = (currency: string, revenue: { currency: string; amount: number } | null) =>
  revenue?.currency === currency ? revenue.amount : 0;

/**
 * MRR and its movements per month and currency, from every tenant's billing history. Each tenant's
 * movement is its MRR at the month's end against its start, so a tenant that changed tier several
 * times in a month counts once, by where it ended: new (nothing at the start), expansion,
 * contraction, or churned (nothing at the end). MRR at the end = at the start + new + expansion −
 * contraction − churned.
 */
export function subscriptionMonths(
  changes: readonly BillingChange[],
  months: readonly MonthSpan[],
): SubscriptionMonth[] {
  const histories = new Map<string, BillingChange[]>();
  for (const change of [...changes].sort((a, b) => a.sequence - b.sequence)) {
    histories.set(change.tenantId, [...(histories.get(change.tenantId) ?? []), change]);
  }
  const rows: SubscriptionMonth[] = [];
  for (const { month, start, end } of months) {
    const byCurrency = new Map<string, SubscriptionMonth>();
    const rowOf = (currency: string) => {
      if (!byCurrency.has(currency)) byCurrency.set(currency, emptyMonth(month, currency));
      return byCurrency.get(currency)!;
    };
    const tiers = new Map<string, Map<Tier, number>>();
    for (const history of histories.values()) {
      const atEnd = planAt(history, end);
      const before = monthlyRevenueOf(planAt(history, start) ?? NO_PLAN);
      const after = monthlyRevenueOf(atEnd ?? NO_PLAN);
      if (atEnd?.status === 'TRIALING' && atEnd.currency) rowOf(atEnd.currency.trim()).trialingTenants += 1;
      for (const currency of new Set([before?.currency, after?.currency].filter((c): c is string => !!c))) {
        const row = rowOf(currency);
        const [from, to] = [amountIn(currency, before), amountIn(currency, after)];
        row.mrrAtStart += from;
        row.mrr += to;
        if (from > 0) row.payingTenantsAtStart += 1;
        if (to > 0) {
          row.payingTenants += 1;
          const counts = tiers.get(currency) ?? new Map<Tier, number>();
          counts.set(atEnd!.tier, (counts.get(atEnd!.tier) ?? 0) + 1);
          tiers.set(currency, counts);
        }
        if (from === 0) {
          row.newMrr += to;
          if (to > 0) row.newPayingTenants += 1;
        } else if (to === 0) {
          row.churnedMrr += from;
          row.churnedTenants += 1;
        } else if (to > from) row.expansionMrr += to - from;
        else row.contractionMrr += from - to;
      }
    }
    for (const [currency, row] of [...byCurrency].sort(([a], [b]) => a.localeCompare(b))) {
      row.tenantsByTier = [...(tiers.get(currency) ?? [])]
        .map(([tier, tenants]) => ({ tier, tenants }))
        .sort((a, b) => a.tier.localeCompare(b.tier));
      rows.push(row);
    }
  }
  return rows;
}

const NO_PLAN: Plan = { tier: 'FREE', status: 'NONE', priceAmount: null, currency: null, priceInterval: null };

const emptyMonth = (month: string, currency: string): SubscriptionMonth => ({
  month,
  currency,
  mrr: 0,
  payingTenants: 0,
  trialingTenants: 0,
  payingTenantsAtStart: 0,
  newPayingTenants: 0,
  mrrAtStart: 0,
  newMrr: 0,
  expansionMrr: 0,
  contractionMrr: 0,
  churnedMrr: 0,
  churnedTenants: 0,
  tenantsByTier: [],
});
