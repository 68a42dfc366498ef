import type { EntityManager } from 'typeorm';
import { hourSpan, type DateRange } from '../kpi-range.ts';
import { cohortRetention, type Cohort } from '../models/cohort-retention.ts';
import { customerSales } from '../sales-queries.ts';

export interface CohortHeatmap {
  timeZone: string;
  range: DateRange;
  cohorts: Cohort[];
}

/** Months-of-first-sale retention over the customers' sales in the range (at one store or all). */
export async function cohortHeatmap(
  manager: EntityManager,
  storeId: string | null,
  range: DateRange,
  timeZone: string,
): Promise<CohortHeatmap> {
  const sales = await customerSales(manager, { storeId, span: hourSpan(range, timeZone) });
  const orders = sales.map((sale) => ({ customerId: sale.customerId, orderedAt: sale.placedAt }));
  return { timeZone, range, cohorts: cohortRetention(orders, timeZone) };
}
