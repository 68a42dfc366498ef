import { badUserInput } from '../../common/graphql/errors.ts';
import { addDays, isTimeZone, zonedInstant } from '../../common/time/zoned-time.ts';
import { hourAtOrAfter } from './sales-hour.ts';

/** Calendar dates, both included, in a time zone. */
export interface DateRange {
  from: string;
  to: string;
}

/** The UTC hours a range covers: those that begin in it (a zone off the whole hour shifts its days by the part-hour). */
export interface HourSpan {
  start: Date;
  end: Date;
}

export const MAX_RANGE_DAYS = 1_100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isDate = (value: string) =>
  DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

export const daysIn = ({ from, to }: DateRange) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

/** The range as given, or BAD_USER_INPUT naming what is wrong with it. */
export function checkRange(range: DateRange, maxDays = MAX_RANGE_DAYS): DateRange {
  if (!isDate(range.from)) throw badUserInput('range.from is not a date (YYYY-MM-DD)', 'range.from');
  if (!isDate(range.to)) throw badUserInput('range.to is not a date (YYYY-MM-DD)', 'range.to');
  if (range.to < range.from) throw badUserInput('range.to is before range.from', 'range.to');
  if (daysIn(range) > maxDays) throw badUserInput(`A range covers at most ${maxDays} days`, 'range');
  return range;
}

export function checkTimeZone(timeZone: string): string {
  if (!isTimeZone(timeZone)) throw badUserInput(`${timeZone} is not an IANA time zone`, 'timeZone');
  return timeZone;
}

/** The instant a local date begins, moved to the next whole UTC hour. */
export const dayStart = (date: string, timeZone: string) => hourAtOrAfter(zonedInstant(date, 0, timeZone));

export const hourSpan = (range: DateRange, timeZone: string): HourSpan => ({
  start: dayStart(range.from, timeZone),
  end: dayStart(addDays(range.to, 1), timeZone),
});

/** The same number of days just before. */
export const previousPeriod = (range: DateRange): DateRange => ({
  from: addDays(range.from, -daysIn(range)),
  to: addDays(range.from, -1),
});

const yearBefore = (date: string) => {
  const shifted = `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
  return isDate(shifted) ? shifted : addDays(shifted.replace(/-29$/, '-28'), 0);
};

/** The same dates a year before (29 February becomes the 28th). */
export const samePeriodLastYear = (range: DateRange): DateRange => ({
  from: yearBefore(range.from),
  to: yearBefore(range.to),
});
