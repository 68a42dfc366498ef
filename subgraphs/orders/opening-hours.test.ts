import { describe, expect, it } from 'vitest';
import { isOpenAt, localTime, validateOpeningHours } from './opening-hours.ts';

const weekdays = [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, opens: '07:00', closes: '18:00' }));

describe('opening hours', () => {
  it("reads the instant in the store's own time zone", () => {
    // 2026-12-02 is a Wednesday: 23:30 UTC is already Thursday 08:30 in Tokyo.
    expect(localTime(new Date('2026-12-02T23:30:00Z'), 'Asia/Tokyo')).toEqual({ dayOfWeek: 4, time: '08:30' });
    expect(localTime(new Date('2026-12-02T23:30:00Z'), 'America/Los_Angeles')).toEqual({ dayOfWeek: 3, time: '15:30' });
  });

  it('is open from the opening minute up to, not including, the closing minute', () => {
    expect(isOpenAt(weekdays, 'Europe/London', new Date('2026-12-02T07:00:00Z'))).toBe(true);
    expect(isOpenAt(weekdays, 'Europe/London', new Date('2026-12-02T06:59:00Z'))).toBe(false);
    expect(isOpenAt(weekdays, 'Europe/London', new Date('2026-12-02T18:00:00Z'))).toBe(false);
  });

  it('stays open to midnight when a period closes at 24:00', () => {
    const allDay = [{ dayOfWeek: 3, opens: '00:00', closes: '24:00' }];
    expect(isOpenAt(allDay, 'UTC', new Date('2026-12-02T23:59:30Z'))).toBe(true);
    expect(isOpenAt(allDay, 'UTC', new Date('2026-12-03T00:00:00Z'))).toBe(false);
  });

  it('is closed on a day without a period', () => {
    expect(isOpenAt(weekdays, 'Europe/London', new Date('2026-12-06T12:00:00Z'))).toBe(false);
  });

  it('refuses periods that close before they open or name no real day', () => {
    expect(validateOpeningHours([{ dayOfWeek: 1, opens: '18:00', closes: '07:00' }])[0]?.code).toBe(
      'INVALID_OPENING_HOURS',
    );
    expect(validateOpeningHours([{ dayOfWeek: 8, opens: '07:00', closes: '18:00' }])).toHaveLength(1);
    expect(validateOpeningHours([{ dayOfWeek: 1, opens: '7am', closes: '18:00' }])).toHaveLength(1);
    expect(validateOpeningHours(weekdays)).toEqual([]);
    expect(validateOpeningHours([{ dayOfWeek: 7, opens: '00:00', closes: '24:00' }])).toEqual([]);
  });
});
