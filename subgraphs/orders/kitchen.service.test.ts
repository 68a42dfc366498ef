import { describe, expect, it } from 'vitest';
import type { Order } from './order.entity.ts';
import { estimateReadyTimes } from './kitchen.service.ts';

const now = new Date('2026-12-02T08:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const order = (id: string, fields: Partial<Order>) => ({ id, status: 'PLACED', pickupAt: now, ...fields }) as Order;

describe('ready-time estimates', () => {
  it('lines up waiting orders behind each other, a median each', () => {
    const estimates = estimateReadyTimes([order('a', {}), order('b', {}), order('c', {})], 120, now);
    expect([...estimates.values()]).toEqual([minutes(2), minutes(4), minutes(6)]);
  });

  it('lets the kitchen finish what it is preparing first', () => {
    const preparing = order('p', { status: 'PREPARING', startedAt: minutes(-1) });
    const estimates = estimateReadyTimes([order('a', {}), preparing], 180, now);
    expect(estimates.get('p')).toEqual(minutes(2));
    expect(estimates.get('a')).toEqual(minutes(5));
  });

  it('has a later pickup ready at its pickup time, not earlier', () => {
    const estimates = estimateReadyTimes([order('later', { pickupAt: minutes(30) })], 120, now);
    expect(estimates.get('later')).toEqual(minutes(30));
  });

  it('assumes five minutes an order before the store has history', () => {
    expect(estimateReadyTimes([order('a', {})], null, now).get('a')).toEqual(minutes(5));
  });

  it('never promises a preparing order in the past', () => {
    const late = order('late', { status: 'PREPARING', startedAt: minutes(-20) });
    expect(estimateReadyTimes([late], 120, now).get('late')).toEqual(now);
  });
});
