import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

const draws = (seed: string) => {
  const random = seededRandom(seed);
  return Array.from({ length: 5 }, () => random.next());
};

describe('a seeded random generator', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    expect(draws('shibuya')).toEqual(draws('shibuya'));
    expect(draws('shibuya')).not.toEqual(draws('shoreditch'));
  });

  it('stays within the bounds it is asked for', () => {
    const random = seededRandom('bounds');
    for (let i = 0; i < 1000; i++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      const die = random.int(1, 6);
      expect(die >= 1 && die <= 6 && Number.isInteger(die)).toBe(true);
    }
  });

  it('picks by weight: an item weighted nine times another comes up about nine times as often', () => {
    const random = seededRandom('weights');
    let heavy = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        random.weighted([
          ['heavy', 9],
          ['light', 1],
        ] as const) === 'heavy'
      )
        heavy++;
    expect(heavy).toBeGreaterThan(8_800);
    expect(heavy).toBeLessThan(9_200);
    expect(
      random.weighted([
        ['only', 0],
        ['never', 0],
      ] as const),
    ).toBe('never');
  });

  it('makes UUIDs of version 4 shape', () => {
    const random = seededRandom('ids');
    expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(random.uuid()).not.toBe(random.uuid());
  });
});
