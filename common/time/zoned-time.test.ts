import { describe, expect, it } from 'vitest';
import { hourlyLocalTimes } from './zoned-time.ts';

/** Each hour's local date and time as Intl reads it, one hour at a time. */
function askedHourByHour(start: Date, count: number, timeZone: string): string[] {
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return Array.from({ length: count }, (_, hour) =>
    format.format(new Date(start.getTime() + hour * 3_600_000)).replace(' ', 'T'),
  );
}

describe('hourly local times', () => {
  const start = new Date('2025-12-31T00:00:00Z');
  const aYearAndMore = 24 * 400 + 7;

  it.each([
    'UTC',
    'America/Los_Angeles', // an hour forward in March, back in November
    'Europe/London',
    'Australia/Sydney', // the southern summer: back in April, forward in October
    'Asia/Kolkata', // half an hour off, no summer time
    'Australia/Lord_Howe', // summer time of half an hour
    'Asia/Kathmandu', // a quarter of an hour off
  ])('reads every hour of a year in %s as Intl does, across each change of offset', (timeZone) => {
    expect(hourlyLocalTimes(start, aYearAndMore, timeZone)).toEqual(askedHourByHour(start, aYearAndMore, timeZone));
  });

  it('names the repeated hour of a change back twice and skips none of the hours', () => {
    const times = hourlyLocalTimes(new Date('2026-11-01T06:00:00Z'), 5, 'America/Los_Angeles');
    expect(times).toEqual([
      '2026-10-31T23:00',
      '2026-11-01T00:00',
      '2026-11-01T01:00',
      '2026-11-01T01:00',
      '2026-11-01T02:00',
    ]);
  });
});
