import { afterAll, describe, expect, it } from 'vitest';
import { testServices, uniqueName } from '../../test/support/test-services.ts';
import { createRedisConnection } from '../redis/redis-connection.ts';
import { createInMemoryTokenBuckets, createRedisTokenBuckets } from './token-bucket.ts';

const redis = testServices.redisUrl ? createRedisConnection(testServices.redisUrl, 'token-bucket-test') : undefined;
afterAll(() => redis?.disconnect());

const RATE = { perSecond: 2, burst: 3 };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('in-memory token buckets', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('allows a burst, refuses the next request and says when to retry', async () => {
    const buckets = createInMemoryTokenBuckets({ now: clock().now });
    const decisions = [];
    for (let request = 0; request < 4; request++) decisions.push(await buckets.take('tenant:a', RATE));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3]).toMatchObject({ retryAfterSeconds: 1, resetSeconds: 2 });
  });

  it('gives tokens back at the rate, never more than the burst', async () => {
    const time = clock();
    const buckets = createInMemoryTokenBuckets({ now: time.now });
    for (let request = 0; request < 3; request++) await buckets.take('tenant:a', RATE);
    time.advance(499);
    expect((await buckets.take('tenant:a', RATE)).allowed).toBe(false);
    time.advance(1);
    expect((await buckets.take('tenant:a', RATE)).allowed).toBe(true);
    time.advance(60_000);
    expect((await buckets.take('tenant:a', RATE)).remaining).toBe(RATE.burst - 1);
  });

  it('keeps each key to its own bucket', async () => {
    const buckets = createInMemoryTokenBuckets({ now: clock().now });
    for (let request = 0; request < 3; request++) await buckets.take('tenant:a', RATE);
    expect((await buckets.take('tenant:b', RATE)).allowed).toBe(true);
    expect((await buckets.take('tenant:a', RATE)).allowed).toBe(false);
  });

  it('holds at most maxKeys buckets, dropping full ones first and then the least recently used', async () => {
    const time = clock();
    const buckets = createInMemoryTokenBuckets({ maxKeys: 2, now: time.now });
    for (let request = 0; request < 3; request++) await buckets.take('busy', RATE);
    await buckets.take('idle', RATE);
    time.advance(600);
    // 'idle' is full again by now and goes; 'busy' is still short of tokens and stays.
    await buckets.take('new', RATE);
    expect((await buckets.take('busy', RATE)).remaining).toBe(0);
    // Both kept buckets are short: the least recently used ('new') goes for 'newer'.
    await buckets.take('newer', RATE);
    expect((await buckets.take('busy', RATE)).allowed).toBe(false);
    expect((await buckets.take('new', RATE)).remaining).toBe(RATE.burst - 1);
  });
});

describe.runIf(redis)('Redis token buckets', () => {
  const create = () => createRedisTokenBuckets(redis!, `${uniqueName('tb')}:`);

  it('allows a burst, refuses the next request and says when to retry', async () => {
    const buckets = create();
    const decisions = [];
    for (let request = 0; request < 4; request++) decisions.push(await buckets.take('tenant:a', RATE));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions[2]!.remaining).toBe(0);
    expect(decisions[3]!.retryAfterSeconds).toBe(1);
  });

  it('shares one bucket between every client of the same Redis and prefix', async () => {
    const prefix = `${uniqueName('tb')}:`;
    const other = createRedisConnection(testServices.redisUrl!, 'token-bucket-test-2');
    try {
      const first = createRedisTokenBuckets(redis!, prefix);
      const second = createRedisTokenBuckets(other, prefix);
      for (let request = 0; request < 3; request++) await first.take('tenant:a', RATE);
      expect((await second.take('tenant:a', RATE)).allowed).toBe(false);
    } finally {
      other.disconnect();
    }
  });

  it('gives tokens back at the rate', async () => {
    const buckets = create();
    for (let request = 0; request < 3; request++) await buckets.take('tenant:a', RATE);
    expect((await buckets.take('tenant:a', RATE)).allowed).toBe(false);
    await pause(600);
    expect((await buckets.take('tenant:a', RATE)).allowed).toBe(true);
  });
});
