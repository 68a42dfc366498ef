import type { EntityManager } from 'typeorm';
import {
  countFigure,
  moneyFigures,
  rateFigure,
  type CountFigure,
  type MoneyFigure,
  type RateFigure,
} from './kpi-figures.ts';
import { periodRows } from './daily-rollups.ts';
import type { SalesScope } from './sales-queries.ts';

export interface PaymentMixFigure {
  provider: string;
  method: string | null;
  collected: MoneyFigure[];
  refunded: MoneyFigure[];
  payments: CountFigure;
  share: RateFigure;
}

interface ProviderTotals {
  collected: Map<string, number>;
  refunded: Map<string, number>;
  payments: number;
}

/** Each provider and in-store method's totals in the scope, keyed `provider/method` ('' for none). */
/** Each scope's totals, in one statement. */
async function paymentTotals(manager: EntityManager, scopes: SalesScope[]): Promise<Map<string, ProviderTotals>[]> {
  const { rows: payments, params } = periodRows('payments', scopes, [
    'provider',
    'method',
    'currency',
    'collected',
    'refunded',
    'payments',
  ]);
  const rows: {
    period: number;
    provider: string;
    method: string;
    currency: string;
    collected: string;
    refunded: string;
    payments: string;
  }[] = await manager.query(
    `SELECT r.period, r.provider, r.method, r.currency, sum(r.collected) AS collected, sum(r.refunded) AS refunded,
              sum(r.payments) AS payments
         FROM ${payments} GROUP BY r.period, r.provider, r.method, r.currency`,
    params,
  );
  const periods = scopes.map(() => new Map<string, ProviderTotals>());
  for (const row of rows) {
    const totals = periods[row.period]!;
    const key = `${row.provider}/${row.method}`;
    const entry = totals.get(key) ?? { collected: new Map(), refunded: new Map(), payments: 0 };
    if (Number(row.collected) > 0) entry.collected.set(row.currency, Number(row.collected));
    if (Number(row.refunded) > 0) entry.refunded.set(row.currency, Number(row.refunded));
    entry.payments += Number(row.payments);
    totals.set(key, entry);
  }
  return periods;
}

const EMPTY: ProviderTotals = { collected: new Map(), refunded: new Map(), payments: 0 };
const shareOf = (payments: number, all: number) => (all === 0 ? null : payments / all);
const countAll = (totals: Map<string, ProviderTotals>) =>
  [...totals.values()].reduce((sum, entry) => sum + entry.payments, 0);

/** How the payments of a period were taken, per provider and in-store method, beside the compared period. */
export async function paymentMix(
  manager: EntityManager,
  now: SalesScope,
  before: SalesScope,
): Promise<PaymentMixFigure[]> {
  const [current, previous] = (await paymentTotals(manager, [now, before])) as [
    Map<string, ProviderTotals>,
    Map<string, ProviderTotals>,
  ];
  const [all, allBefore] = [countAll(current), countAll(previous)];
  return [...new Set([...current.keys(), ...previous.keys()])].sort().map((key) => {
    const [provider, method] = key.split('/') as [string, string];
    const value = current.get(key) ?? EMPTY;
    const old = previous.get(key) ?? EMPTY;
    return {
      provider,
      method: method || null,
      collected: moneyFigures(value.collected, old.collected),
      refunded: moneyFigures(value.refunded, old.refunded),
      payments: countFigure(value.payments, old.payments),
      share: rateFigure(shareOf(value.payments, all), shareOf(old.payments, allBefore)),
    };
  });
}
