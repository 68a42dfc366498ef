import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quintileScores, RFM_SEGMENT_MAP, rfmSegment, scoreRfm } from './rfm.ts';

const AS_OF = new Date('2025-06-30T00:00:00Z');
const daysAgo = (days: number) => new Date(AS_OF.getTime() - days * 86_400_000);

describe('quintileScores', () => {
  it('gives each fifth of ten distinct values its score, highest values 5', () => {
    expect(quintileScores([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('gives tied values the same score', () => {
    expect(quintileScores([1, 1, 1, 1, 9])).toEqual([2, 2, 2, 2, 5]);
  });

  it('scores a lone customer in the middle', () => {
    expect(quintileScores([42])).toEqual([3]);
  });

  it('always scores 1 to 5, never lower for a higher value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 200 }), (values) => {
        const scores = quintileScores(values);
        values.forEach((value, i) => {
          expect(scores[i]).toBeGreaterThanOrEqual(1);
          expect(scores[i]).toBeLessThanOrEqual(5);
          values.forEach((other, j) => {
            if (value > other) expect(scores[i]).toBeGreaterThanOrEqual(scores[j]!);
          });
        });
      }),
    );
  });
});

describe('RFM segments', () => {
  it('names every cell of the score map with one of the seven segments', () => {
    const names = new Set(['CHAMPIONS', 'LOYAL', 'POTENTIAL', 'NEW', 'AT_RISK', 'HIBERNATING', 'LOST']);
    const used = new Set<string>();
    for (let r = 1; r <= 5; r++) {
      expect(RFM_SEGMENT_MAP[r]).toHaveLength(5);
      for (let f = 1; f <= 5; f++) used.add(rfmSegment(r, f));
    }
    expect(used).toEqual(names);
  });

  it('scores a tenant’s customers and names their segments', () => {
    const customers = [
      { customerId: 'regular', lastOrderAt: daysAgo(1), orderCount: 40, totalSpend: 60_000 },
      { customerId: 'newcomer', lastOrderAt: daysAgo(2), orderCount: 1, totalSpend: 450 },
      { customerId: 'faded-regular', lastOrderAt: daysAgo(200), orderCount: 35, totalSpend: 50_000 },
      { customerId: 'gone', lastOrderAt: daysAgo(300), orderCount: 1, totalSpend: 400 },
      { customerId: 'occasional', lastOrderAt: daysAgo(30), orderCount: 5, totalSpend: 5_000 },
    ];
    const bySegment = Object.fromEntries(scoreRfm(customers, AS_OF).map((score) => [score.customerId, score.segment]));
    expect(bySegment).toEqual({
      regular: 'CHAMPIONS',
      newcomer: 'NEW',
      'faded-regular': 'AT_RISK',
      gone: 'LOST',
      occasional: 'POTENTIAL',
    });
  });

  it('refuses an order dated after the scoring date', () => {
    expect(() =>
      scoreRfm([{ customerId: 'x', lastOrderAt: daysAgo(-1), orderCount: 1, totalSpend: 1 }], AS_OF),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CUSTOMER_ACTIVITY' }));
  });
});
