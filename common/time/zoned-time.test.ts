import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, localDate, zonedInstant } from './zoned-time.ts';

describe('dates and times in a time zone', () => {
  it('finds the instant a local wall-clock time names, summer and winter alike', () => {
    expect(zonedInstant('2026-12-02', 8 * 3600 + 30 * 60, 'Asia/Tokyo').toISOString()).toBe('2026-12-01T23:30:00.000Z');
    expect(zonedInstant('2026-07-01', 7 * 3600, 'Europe/London').toISOString()).toBe('2026-07-01T06:00:00.000Z');
    expect(zonedInstant('2026-12-01', 7 * 3600, 'Europe/London').toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(zonedInstant('2026-03-08', 9 * 3600, 'America/Los_Angeles').toISOString()).toBe('2026-03-08T16:00:00.000Z');
  });

  it("reads the local date at an instant, which may be another day than UTC's", () => {
    expect(localDate(new Date('2026-12-02T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-12-03');
    expect(localDate(new Date('2026-12-02T23:30:00Z'), 'America/Los_Angeles')).toBe('2026-12-02');
  });

  it('counts days across month ends and names the weekday', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(addDays('2026-03-02', -90)).toBe('2025-12-02');
    expect(dayOfWeek('2026-12-02')).toBe(3);
    expect(dayOfWeek('2026-12-06')).toBe(7);
  });
});
