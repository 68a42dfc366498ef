import { describe, expect, it } from 'vitest';
import type { BillingChange } from '../billing/billing-change.entity.ts';
import { monthsOf } from './platform-revenue.ts';
import { subscriptionMonths } from './subscription-metrics.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const sequences = new Map<string, number>();

/** A change of a tenant's plan at an instant; priced plans in USD by the month unless told. */
function change(tenantId: string, at: string, plan: Partial<BillingChange> & Pick<BillingChange, 'status'>) {
  const sequence = (sequences.get(tenantId) ?? 0) + 1;
  sequences.set(tenantId, sequence);
  return {
    tenantId,
    sequence,
    tier: 'STARTER',
    priceAmount: 2_900,
    currency: 'USD',
    priceInterval: 'month',
    at: new Date(at),
    ...plan,
  } as BillingChange;
}

const months = monthsOf(
  { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') },
  new Date('2026-12-01T00:00:00Z'),
);
const row = (rows: ReturnType<typeof subscriptionMonths>, month: string, currency = 'USD') =>
  rows.find((candidate) => candidate.month === month && candidate.currency === currency);

describe('the platform MRR from billing history', () => {
  it('counts a trial as no revenue, and its MRR as new once it converts', () => {
    const rows = subscriptionMonths(
      [
        change(A, '2026-01-10T00:00:00Z', { status: 'TRIALING' }),
        change(A, '2026-02-05T00:00:00Z', { status: 'ACTIVE' }),
      ],
      months,
    );
    expect(row(rows, '2026-01')).toMatchObject({
      mrr: 0,
      payingTenants: 0,
      trialingTenants: 1,
      newMrr: 0,
      newPayingTenants: 0,
    });
    expect(row(rows, '2026-02')).toMatchObject({
      mrr: 2_900,
      payingTenants: 1,
      trialingTenants: 0,
      newMrr: 2_900,
      newPayingTenants: 1,
    });
    expect(row(rows, '2026-03')).toMatchObject({
      mrr: 2_900,
      newMrr: 0,
      newPayingTenants: 0,
      payingTenantsAtStart: 1,
      churnedTenants: 0,
    });
  });

  it('divides a yearly price by twelve and keeps each currency apart', () => {
    const rows = subscriptionMonths(
      [
        change(A, '2026-01-02T00:00:00Z', {
          status: 'ACTIVE',
          tier: 'ENTERPRISE',
          priceAmount: 120_000,
          priceInterval: 'year',
        }),
        change(B, '2026-01-03T00:00:00Z', {
          status: 'ACTIVE',
          tier: 'WHITE_LABEL',
          priceAmount: 30_000,
          currency: 'JPY',
        }),
      ],
      months,
    );
    expect(row(rows, '2026-01', 'USD')).toMatchObject({ mrr: 10_000, payingTenants: 1 });
    expect(row(rows, '2026-01', 'JPY')).toMatchObject({ mrr: 30_000, payingTenants: 1 });
    expect(row(rows, '2026-01', 'JPY')!.tenantsByTier).toEqual([{ tier: 'WHITE_LABEL', tenants: 1 }]);
  });

  it('counts a tenant that changed tier twice in a month once, by where it ended', () => {
    const rows = subscriptionMonths(
      [
        change(A, '2026-01-02T00:00:00Z', { status: 'ACTIVE' }),
        change(A, '2026-02-03T00:00:00Z', { status: 'ACTIVE', tier: 'ENTERPRISE', priceAmount: 49_900 }),
        change(A, '2026-02-20T00:00:00Z', { status: 'ACTIVE', tier: 'PROFESSIONAL', priceAmount: 9_900 }),
        change(B, '2026-01-02T00:00:00Z', { status: 'ACTIVE', tier: 'PROFESSIONAL', priceAmount: 9_900 }),
        change(B, '2026-02-10T00:00:00Z', { status: 'ACTIVE', tier: 'STARTER', priceAmount: 2_900 }),
      ],
      months,
    );
    expect(row(rows, '2026-02')).toMatchObject({
      mrr: 12_800,
      expansionMrr: 7_000,
      contractionMrr: 7_000,
      newMrr: 0,
      churnedMrr: 0,
      payingTenants: 2,
    });
    expect(row(rows, '2026-02')!.tenantsByTier).toEqual([
      { tier: 'PROFESSIONAL', tenants: 1 },
      { tier: 'STARTER', tenants: 1 },
    ]);
  });

  it('keeps past-due tenants in MRR, takes restricted and cancelled ones out as churn', () => {
    const rows = subscriptionMonths(
      [
        change(A, '2026-01-02T00:00:00Z', { status: 'ACTIVE' }),
        change(A, '2026-02-02T00:00:00Z', { status: 'PAST_DUE' }),
        change(B, '2026-01-02T00:00:00Z', { status: 'ACTIVE', priceAmount: 9_900, tier: 'PROFESSIONAL' }),
        change(B, '2026-02-02T00:00:00Z', { status: 'PAST_DUE', priceAmount: 9_900, tier: 'PROFESSIONAL' }),
        change(B, '2026-02-12T00:00:00Z', { status: 'RESTRICTED', priceAmount: 9_900, tier: 'PROFESSIONAL' }),
        change(C, '2026-01-02T00:00:00Z', { status: 'ACTIVE' }),
        change(C, '2026-02-25T00:00:00Z', { status: 'CANCELED', tier: 'FREE' }),
      ],
      months,
    );
    expect(row(rows, '2026-02')).toMatchObject({
      mrr: 2_900,
      payingTenantsAtStart: 3,
      payingTenants: 1,
      churnedTenants: 2,
      churnedMrr: 12_800,
    });
    expect(row(rows, '2026-02')!.mrrAtStart).toBe(15_700);
    expect(row(rows, '2026-03')).toMatchObject({ mrr: 2_900, churnedTenants: 0, payingTenantsAtStart: 1 });
  });
});

describe('the months of a range', () => {
  it('are whole UTC months, the month under way ending now and none after it', () => {
    const now = new Date('2026-03-15T12:00:00Z');
    const spans = monthsOf({ from: new Date('2026-01-20T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') }, now);
    expect(spans.map((span) => [span.month, span.start.toISOString(), span.end.toISOString()])).toEqual([
      ['2026-01', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['2026-02', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      ['2026-03', '2026-03-01T00:00:00.000Z', now.toISOString()],
    ]);
  });
});
