import { describe, expect, it } from 'vitest';
import { mergeResolvers } from './merge-resolvers.ts';

describe('mergeResolvers', () => {
  it('joins the fields of each type from every map', () => {
    const stores = () => [];
    const orders = () => [];
    const merged = mergeResolvers<Record<string, Record<string, unknown>>>(
      { Query: { stores } },
      { Query: { orders } },
    );
    expect(merged.Query).toEqual({ stores, orders });
  });

  it('refuses a field that two maps both resolve', () => {
    expect(() => mergeResolvers({ Query: { stores: () => [] } }, { Query: { stores: () => [] } })).toThrow(
      'Query.stores is resolved twice',
    );
  });
});
