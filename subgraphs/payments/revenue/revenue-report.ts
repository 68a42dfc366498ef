import type { EntityManager } from 'typeorm';
import { badUserInput } from '../../../common/graphql/errors.ts';

export type RevenueDimension = 'PROVIDER' | 'STORE';

export interface RevenueRange {
  from: Date;
  to: Date;
}

/** Collected money of one month (UTC), in one currency, for one provider and/or store when grouped by them. */
export interface RevenueRow {
  month: string;
  provider: string | null;
  storeId: string | null;
  currency: string;
  collected: number;
  refunded: number;
}

const MAX_RANGE_DAYS = 3 * 366;

/** A range the report can answer: from before to, at most three years. */
export function checkRange({ from, to }: RevenueRange): void {
  if (!(from < to)) throw badUserInput('The range must end after it starts', 'range');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw badUserInput('A revenue report covers at most three years', 'range');
  }
}

/**
 * The tenant's revenue per UTC month of collection: payments collected in the range, less what was
 * refunded of them (so a refund counts against the month its payment was collected in). Amounts are
 * summed per currency, never across currencies. Runs under the tenant's row-level security.
 */
export async function revenueReport(
  manager: EntityManager,
  range: RevenueRange,
  groupBy: readonly RevenueDimension[],
): Promise<RevenueRow[]> {
  const byProvider = groupBy.includes('PROVIDER');
  const byStore = groupBy.includes('STORE');
  const rows = (await manager.query(
    `SELECT to_char(p.paid_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
            ${byProvider ? 'p.provider' : 'NULL'} AS provider,
            ${byStore ? 'o.store_id' : 'NULL'} AS store_id,
            p.currency,
            sum(p.amount)::bigint AS collected,
            sum(p.refunded)::bigint AS refunded
       FROM payments.payments p
       JOIN payments.payable_orders o ON o.id = p.order_id
      WHERE p.state = 'SUCCEEDED' AND p.paid_at >= $1 AND p.paid_at < $2
      GROUP BY 1, 2, 3, 4
      ORDER BY 1, 2, 3, 4`,
    [range.from, range.to],
  )) as {
    month: string;
    provider: string | null;
    store_id: string | null;
    currency: string;
    collected: string;
    refunded: string;
  }[];
  return rows.map((row) => ({
    month: row.month,
    provider: row.provider,
    storeId: row.store_id,
    currency: row.currency.trim(),
    collected: Number(row.collected),
    refunded: Number(row.refunded),
  }));
}
