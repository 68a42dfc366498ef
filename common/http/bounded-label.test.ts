import { describe, expect, it } from 'vitest';
import { createBoundedLabel, OTHER_LABEL } from './bounded-label.ts';

describe('createBoundedLabel', () => {
  it('keeps the first values and counts every later one as (other)', () => {
    const label = createBoundedLabel(2);
    expect(['PlaceOrder', 'Stores', 'Menu', 'PlaceOrder', 'Anything'].map(label)).toEqual([
      'PlaceOrder',
      'Stores',
      OTHER_LABEL,
      'PlaceOrder',
      OTHER_LABEL,
    ]);
  });

  it('never keeps a value longer than the limit, even while there is room', () => {
    const label = createBoundedLabel(10, 8);
    expect(label('A'.repeat(9))).toBe(OTHER_LABEL);
    expect(label('Short')).toBe('Short');
  });
});
