import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohortRetention } from './cohort-retention.ts';

const at = (iso: string) => new Date(iso);

describe('cohortRetention', () => {
  it('groups customers by month of first order and counts who came back each month after', () => {
    const cohorts = cohortRetention(
      [
        { customerId: 'ann', orderedAt: at('2025-01-05T10:00:00Z') },
        { customerId: 'ann', orderedAt: at('2025-02-10T10:00:00Z') },
        { customerId: 'ann', orderedAt: at('2025-02-20T10:00:00Z') },
        { customerId: 'bob', orderedAt: at('2025-01-20T10:00:00Z') },
        { customerId: 'bob', orderedAt: at('2025-03-01T10:00:00Z') },
        { customerId: 'cy', orderedAt: at('2025-02-14T10:00:00Z') },
      ],
      'UTC',
    );
    expect(cohorts).toEqual([
      { month: '2025-01', customers: 2, active: [2, 1, 1], retention: [1, 0.5, 0.5] },
      { month: '2025-02', customers: 1, active: [1, 0], retention: [1, 0] },
    ]);
  });

  it('puts an order in the month it was in the given time zone', () => {
    const orders = [
      { customerId: 'ann', orderedAt: at('2025-01-31T23:30:00Z') },
      { customerId: 'ann', orderedAt: at('2025-02-15T12:00:00Z') },
    ];
    expect(cohortRetention(orders, 'UTC').map((cohort) => cohort.active)).toEqual([[1, 1]]);
    // In Tokyo the first order was already on 1 February: one cohort, one active month.
    expect(cohortRetention(orders, 'Asia/Tokyo')).toEqual([
      { month: '2025-02', customers: 1, active: [1], retention: [1] },
    ]);
  });

  it('spans year ends', () => {
    const cohorts = cohortRetention(
      [
        { customerId: 'ann', orderedAt: at('2024-12-15T12:00:00Z') },
        { customerId: 'ann', orderedAt: at('2025-01-15T12:00:00Z') },
      ],
      'Europe/Berlin',
    );
    expect(cohorts).toEqual([{ month: '2024-12', customers: 1, active: [1, 1], retention: [1, 1] }]);
  });

  it('always retains the whole cohort in its first month and never more than all of it later', () => {
    const orders = fc.array(
      fc.record({
        customerId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
        orderedAt: fc.date({ min: at('2024-01-01T00:00:00Z'), max: at('2025-12-31T00:00:00Z'), noInvalidDate: true }),
      }),
      { minLength: 1, maxLength: 60 },
    );
    fc.assert(
      fc.property(orders, (list) => {
        const cohorts = cohortRetention(list, 'America/New_York');
        expect(cohorts.reduce((sum, cohort) => sum + cohort.customers, 0)).toBe(
          new Set(list.map((o) => o.customerId)).size,
        );
        for (const cohort of cohorts) {
          expect(cohort.retention[0]).toBe(1);
          cohort.retention.forEach((share) => expect(share).toBeLessThanOrEqual(1));
        }
      }),
    );
  });

  it('refuses an unknown time zone', () => {
    expect(() => cohortRetention([], 'Mars/Olympus')).toThrow(expect.objectContaining({ code: 'INVALID_TIME_ZONE' }));
  });
});
