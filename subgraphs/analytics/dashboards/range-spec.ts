import { userError, type UserError } from '../../../common/graphql/user-error.ts';
import { addDays, localDate } from '../../../common/time/zoned-time.ts';
import { checkRange, MAX_RANGE_DAYS, type DateRange } from '../kpi-range.ts';

/** The last `days` days (today included unless `includeToday` is false), or fixed dates `from`..`to`. */
export type RangeSpec = { days: number; includeToday: boolean } | { from: string; to: string };

export interface RangeSpecInput {
  days?: number | null;
  includeToday?: boolean | null;
  from?: string | null;
  to?: string | null;
}

/** The range as stored, or the UserErrors naming what is wrong with it under `field`. */
export function parseRangeSpec(input: RangeSpecInput, field: string[]): RangeSpec | UserError[] {
  const relative = input.days != null;
  const fixed = input.from != null || input.to != null;
  if (relative === fixed) {
    return [userError('INVALID_RANGE', 'Give either days or from and to', field)];
  }
  if (relative) {
    const days = input.days!;
    if (!Number.isInteger(days) || days < 1 || days > MAX_RANGE_DAYS) {
      return [userError('INVALID_RANGE', `days must be 1 to ${MAX_RANGE_DAYS}`, [...field, 'days'])];
    }
    return { days, includeToday: input.includeToday ?? true };
  }
  try {
    const { from, to } = checkRange({ from: input.from ?? '', to: input.to ?? '' });
    return { from, to };
  } catch (error) {
    return [userError('INVALID_RANGE', (error as Error).message, field)];
  }
}

/** The calendar dates a spec covers at `now` in the time zone. */
export function resolveRange(spec: RangeSpec, timeZone: string, now: Date): DateRange {
  if ('from' in spec) return { from: spec.from, to: spec.to };
  const today = localDate(now, timeZone);
  const to = spec.includeToday ? today : addDays(today, -1);
  return { from: addDays(to, 1 - spec.days), to };
}

/** The spec as GraphQL shows it: both shapes in one type. */
export const rangeSpecView = (spec: RangeSpec) =>
  'from' in spec
    ? { days: null, includeToday: null, from: spec.from, to: spec.to }
    : { days: spec.days, includeToday: spec.includeToday, from: null, to: null };
