import { userError, type UserError } from '../../common/graphql/user-error.ts';
import type { OpeningHours } from './store.entity.ts';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A period may run to the end of the day. */
const END_OF_DAY = '24:00';

export const EVERY_DAY_7_TO_19: OpeningHours[] = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({
  dayOfWeek,
  opens: '07:00',
  closes: '19:00',
}));

/** The day of the week (1 Monday … 7 Sunday) and HH:MM at that instant in the time zone. */
export function localTime(instant: Date, timeZone: string): { dayOfWeek: number; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)!.value;
  const dayOfWeek = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')) + 1;
  return { dayOfWeek, time: `${part('hour')}:${part('minute')}` };
}

/** Whether the store is open at that instant: opens is inclusive, closes exclusive. */
export function isOpenAt(hours: OpeningHours[], timeZone: string, instant: Date): boolean {
  const { dayOfWeek, time } = localTime(instant, timeZone);
  return hours.some((period) => period.dayOfWeek === dayOfWeek && period.opens <= time && time < period.closes);
}

export function validateOpeningHours(hours: OpeningHours[]): UserError[] {
  const invalid = hours.findIndex(
    (period) =>
      !Number.isInteger(period.dayOfWeek) ||
      period.dayOfWeek < 1 ||
      period.dayOfWeek > 7 ||
      !TIME.test(period.opens) ||
      !(TIME.test(period.closes) || period.closes === END_OF_DAY) ||
      period.opens >= period.closes,
  );
  if (invalid === -1) return [];
  return [
    userError(
      'INVALID_OPENING_HOURS',
      'Each period needs a day of the week from 1 (Monday) to 7 (Sunday) and opens before it closes, as HH:MM (closes may be 24:00)',
      ['openingHours', String(invalid)],
    ),
  ];
}
