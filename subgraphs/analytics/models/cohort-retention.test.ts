import { describe, expect, it } from 'vitest';
import { cohortMatrix } from './cohort-retention.ts';

const month = (label: string) => Number(label.slice(0, 4)) * 12 + Number(label.slice(5, 7)) - 1;

describe('the cohort matrix from its counts', () => {
  it('gives each cohort a row as wide as the months up to the last, with its retention', () => {
    const [january, february, march] = [month('2025-01'), month('2025-02'), month('2025-03')];
    expect(
      cohortMatrix(
        [
          { first: february, since: 0, customers: 1 },
          { first: january, since: 0, customers: 2 },
          { first: january, since: 1, customers: 1 },
          { first: january, since: 2, customers: 1 },
        ],
        march,
      ),
    ).toEqual([
      { month: '2025-01', customers: 2, active: [2, 1, 1], retention: [1, 0.5, 0.5] },
      { month: '2025-02', customers: 1, active: [1, 0], retention: [1, 0] },
    ]);
  });

  it('spans year ends', () => {
    expect(
      cohortMatrix(
        [
          { first: month('2024-12'), since: 0, customers: 4 },
          { first: month('2024-12'), since: 1, customers: 1 },
        ],
        month('2025-01'),
      ),
    ).toEqual([{ month: '2024-12', customers: 4, active: [4, 1], retention: [1, 0.25] }]);
  });

  it('is empty without sales', () => {
    expect(cohortMatrix([], -Infinity)).toEqual([]);
  });
});
