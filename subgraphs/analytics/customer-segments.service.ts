import type { EntityManager } from 'typeorm';
import { moneyList, type Money } from '../../common/money/money.ts';
import type { CustomerBase } from './customer-insights.service.ts';
import type { RfmSegment } from './models/rfm.ts';
import { isSale } from './sales-hour.ts';
import { StoreProfileEntity } from './store-profile.entity.ts';

export const SEGMENTS: readonly RfmSegment[] = [
  'CHAMPIONS',
  'LOYAL',
  'POTENTIAL',
  'NEW',
  'AT_RISK',
  'HIBERNATING',
  'LOST',
];
export const MAX_TOP_CUSTOMERS = 50;

export interface CustomerSegmentSummary {
  segment: RfmSegment;
  customers: number;
  revenue: Money[];
  /** The segment's customer ids, by monetary score, then frequency score (amounts in different currencies do not rank). */
  customerIds: string[];
}

/** What each customer spent, per currency, at one store or at all of them. */
async function spendByCustomer(
  manager: EntityManager,
  storeId: string | null,
): Promise<Map<string, Map<string, number>>> {
  const rows: { customer_id: string; currency: string; spend: string }[] = await manager.query(
    `SELECT f.customer_id, f.currency, sum(f.total) AS spend FROM analytics.order_facts f
      WHERE f.customer_id IS NOT NULL AND ${isSale('f')} AND ($1::uuid IS NULL OR f.store_id = $1)
      GROUP BY f.customer_id, f.currency`,
    [storeId],
  );
  const spend = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const byCurrency = spend.get(row.customer_id) ?? new Map<string, number>();
    byCurrency.set(row.currency, Number(row.spend));
    spend.set(row.customer_id, byCurrency);
  }
  return spend;
}

/** Customers and their spend by segment; segments come from the whole tenant, spend from the store asked for. */
export async function customerSegments(
  manager: EntityManager,
  base: CustomerBase,
  storeId: string | null,
): Promise<CustomerSegmentSummary[]> {
  if (storeId && !(await manager.getRepository(StoreProfileEntity).findOneBy({ id: storeId }))) return [];
  const spend = await spendByCustomer(manager, storeId);
  const rank = (customerId: string) => {
    const score = base.scores.get(customerId)!;
    return score.monetary * 10 + score.frequency;
  };
  return SEGMENTS.map((segment) => {
    const members = [...spend.keys()].filter((customerId) => base.scores.get(customerId)?.segment === segment);
    const revenue: Record<string, number> = {};
    for (const customerId of members) {
      for (const [currency, amount] of spend.get(customerId)!) revenue[currency] = (revenue[currency] ?? 0) + amount;
    }
    return {
      segment,
      customers: members.length,
      revenue: moneyList(revenue),
      customerIds: members.sort((a, b) => rank(b) - rank(a) || a.localeCompare(b)).slice(0, MAX_TOP_CUSTOMERS),
    };
  });
}
