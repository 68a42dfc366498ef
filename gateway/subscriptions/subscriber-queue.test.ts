import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SubscriberQueue, createPendingBudget } from './subscriber-queue.ts';

const event = (id: number): FormattedExecutionResult => ({ data: { id } });

function queue({ limit = 10, check = () => {} }: { limit?: number; check?: () => void } = {}) {
  const seen = { exhausted: 0, ended: 0 };
  const budget = createPendingBudget(limit, () => (seen.exhausted += 1));
  const subscriber = new SubscriberQueue({ budget, beforeEach: check, onEnd: () => (seen.ended += 1) });
  return { subscriber, budget, seen };
}

describe('a subscriber queue', () => {
  it('hands events over in the order they came, even when a later join finishes first', async () => {
    const { subscriber } = queue();
    let finishFirst: (result: FormattedExecutionResult) => void = () => {};
    subscriber.push(new Promise((resolve) => (finishFirst = resolve)));
    subscriber.push(Promise.resolve(event(2)));
    const first = subscriber.next();
    finishFirst(event(1));
    expect(await first).toEqual({ done: false, value: event(1) });
    expect(await subscriber.next()).toEqual({ done: false, value: event(2) });
  });

  it("refuses events past its connection's budget and reports the exhaustion", async () => {
    const { subscriber, budget, seen } = queue({ limit: 2 });
    for (let id = 1; id <= 3; id++) subscriber.push(Promise.resolve(event(id)));
    expect(budget.pending).toBe(2);
    expect(seen.exhausted).toBe(1);
    await subscriber.next();
    expect(budget.pending).toBe(1);
  });

  it('ends a waiting next() at once on return(), and reports its end once', async () => {
    const { subscriber, seen } = queue();
    const waiting = subscriber.next();
    await subscriber.return();
    expect(await waiting).toEqual({ done: true, value: undefined });
    await subscriber.return();
    expect(seen.ended).toBe(1);
  });

  it('gives the queued events first, then fails with the error it was ended with', async () => {
    const { subscriber, seen } = queue();
    subscriber.push(Promise.resolve(event(1)));
    subscriber.end(new GraphQLError('gone'));
    expect(await subscriber.next()).toEqual({ done: false, value: event(1) });
    await expect(subscriber.next()).rejects.toThrow('gone');
    expect(seen.ended).toBe(1);
  });

  it('drops the queued events when ended with discardQueued, and returns them to the budget', async () => {
    const { subscriber, budget } = queue();
    subscriber.push(Promise.resolve(event(1)));
    subscriber.end(new GraphQLError('expired'), { discardQueued: true });
    expect(budget.pending).toBe(0);
    await expect(subscriber.next()).rejects.toThrow('expired');
  });

  it('fails instead of handing over an event when the check before it fails', async () => {
    const { subscriber, seen } = queue({
      check: () => {
        throw new GraphQLError('revoked');
      },
    });
    subscriber.push(Promise.resolve(event(1)));
    await expect(subscriber.next()).rejects.toThrow('revoked');
    expect(seen.ended).toBe(1);
  });
});
