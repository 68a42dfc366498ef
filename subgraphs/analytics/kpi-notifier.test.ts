import { PubSub } from 'graphql-subscriptions';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKpiNotifier } from './kpi-notifier.ts';
import { storeKpiTopic } from './live-topics.ts';

describe('the KPI notifier', () => {
  let pushes: string[];
  let notifier: ReturnType<typeof createKpiNotifier>;

  beforeEach(async () => {
    vi.useFakeTimers();
    const pubsub = new PubSub();
    pushes = [];
    for (const store of ['seattle', 'london']) {
      await pubsub.subscribe(storeKpiTopic(store), () => pushes.push(store));
    }
    notifier = createKpiNotifier(pubsub, pino({ level: 'silent' }), 25);
  });
  afterEach(() => vi.useRealTimers());

  it("pushes a quiet store's first change at once", () => {
    notifier.changed('tenant', 'seattle');
    expect(pushes).toEqual(['seattle']);
  });

  it('gathers the rest of a burst into one push when the burst has been gathered', () => {
    for (let change = 0; change < 5; change++) notifier.changed('tenant', 'seattle');
    expect(pushes).toEqual(['seattle']);
    vi.advanceTimersByTime(25);
    expect(pushes).toEqual(['seattle', 'seattle']);
    vi.advanceTimersByTime(100);
    expect(pushes).toEqual(['seattle', 'seattle']);
  });

  it('keeps stores apart: a burst at one does not hold back another', () => {
    notifier.changed('tenant', 'seattle');
    notifier.changed('tenant', 'seattle');
    notifier.changed('tenant', 'london');
    expect(pushes).toEqual(['seattle', 'london']);
  });

  it('pushes a store at once again once it has been quiet', () => {
    notifier.changed('tenant', 'seattle');
    vi.advanceTimersByTime(30);
    notifier.changed('tenant', 'seattle');
    expect(pushes).toEqual(['seattle', 'seattle']);
  });
});
