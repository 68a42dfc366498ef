import type { EntityManager } from 'typeorm';
import { badUserInput } from '../../common/graphql/errors.ts';
import { figureScope } from './kpi.service.ts';
import { cohortsOf } from './cohort-counts.ts';
import type { Cohort } from './models/cohort-retention.ts';

export interface CohortRequest {
  from: string;
  to: string;
  timeZone?: string | null;
}

export const MAX_COHORT_MONTHS = 60;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));

function checkMonths({ from, to }: CohortRequest): void {
  if (!MONTH.test(from)) throw badUserInput('from is not a month (YYYY-MM)', 'from');
  if (!MONTH.test(to)) throw badUserInput('to is not a month (YYYY-MM)', 'to');
  if (to < from) throw badUserInput('to is before from', 'to');
  if (monthNumber(to) - monthNumber(from) + 1 > MAX_COHORT_MONTHS) {
    throw badUserInput(`A cohort table covers at most ${MAX_COHORT_MONTHS} months`, 'to');
  }
}

/** The retention matrix of the customers whose first sale at the tenant fell in the months asked for. */
export async function cohortRetention(manager: EntityManager, request: CohortRequest): Promise<Cohort[]> {
  checkMonths(request);
  const figures = (await figureScope(manager, null, request.timeZone))!;
  return (await cohortsOf(manager, figures)).filter(
    (cohort) => cohort.month >= request.from && cohort.month <= request.to,
  );
}
