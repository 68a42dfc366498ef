import type { EntityManager } from 'typeorm';
import { cohortsOf } from '../cohort-counts.ts';
import { figureScope } from '../kpi.service.ts';
import { hourSpan, type DateRange } from '../kpi-range.ts';
import type { Cohort } from '../models/cohort-retention.ts';

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
  const figures = await figureScope(manager, storeId, timeZone);
  const cohorts = figures ? await cohortsOf(manager, { ...figures, range, span: hourSpan(range, timeZone) }) : [];
  return { timeZone, range, cohorts };
}
