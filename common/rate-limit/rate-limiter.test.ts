import { afterAll, describe, expect, it } from 'vitest';
import { testServices, uniqueName } from '../../test/support/test-services.ts';
import { createRedisConnection } from '../redis/redis-connection.ts';
import { createInMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limiter.ts';

const redis = testServices.redisUrl ? createRedisConnection(testServices.redisUrl, 'rate-limit-test') : undefined;
afterAll(() => redis?.disconnect());

const limiters: { name: string; create: () => RateLimiter }[] = [
  { name: 'in-memory', create: () => createInMemoryRateLimiter() },
  ...(redis ? [{ name: 'Redis', create: () => createRedisRateLimiter(redis, `${uniqueName('rl')}:`) }] : []),
];

describe.each(limiters)('$name rate limiter', ({ create }) => {
  it('allows up to the limit in a window and refuses the next attempt', async () => {
    const limiter = create();
    const decisions = [];
    for (let attempt = 0; attempt < 4; attempt++) decisions.push(await limiter.hit('login:ada', 3, 60));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions[2]!.remaining).toBe(0);
    expect(decisions[3]!.resetSeconds).toBeGreaterThan(0);
    expect(decisions[3]!.resetSeconds).toBeLessThanOrEqual(60);
  });

  it('counts each key on its own', async () => {
    const limiter = create();
    await limiter.hit('login:ada', 1, 60);
    expect((await limiter.hit('login:bob', 1, 60)).allowed).toBe(true);
    expect((await limiter.hit('login:ada', 1, 60)).allowed).toBe(false);
  });

  it('starts a new window once the old one has passed', async () => {
    const limiter = create();
    expect((await limiter.hit('burst', 1, 1)).allowed).toBe(true);
    expect((await limiter.hit('burst', 1, 1)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await limiter.hit('burst', 1, 1)).allowed).toBe(true);
  });
});
