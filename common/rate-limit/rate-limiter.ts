import type { Redis } from 'ioredis';
import { makeRoomForKey } from './bounded-keys.ts';

export interface RateLimitDecision {
  allowed: boolean;
  /** Attempts left in the current window. */
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/** Counts attempts per key in fixed windows; shared by every instance when backed by Redis. */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

const decide = (count: number, limit: number, resetSeconds: number): RateLimitDecision => ({
  allowed: count <= limit,
  remaining: Math.max(0, limit - count),
  resetSeconds,
});

export function createInMemoryRateLimiter(maxKeys = 100_000): RateLimiter {
  const windows = new Map<string, { count: number; resetsAt: number }>();
  return {
    async hit(key, limit, windowSeconds) {
      const now = Date.now();
      let window = windows.get(key);
      if (!window || window.resetsAt <= now) {
        makeRoomForKey(windows, maxKeys, (stale) => stale.resetsAt <= now);
        window = { count: 0, resetsAt: now + windowSeconds * 1000 };
        windows.set(key, window);
      }
      window.count++;
      return decide(window.count, limit, Math.ceil((window.resetsAt - now) / 1000));
    },
    async close() {
      windows.clear();
    },
  };
}

export function createRedisRateLimiter(redis: Redis, prefix: string): RateLimiter {
  return {
    async hit(key, limit, windowSeconds) {
      const redisKey = `${prefix}ratelimit:${key}`;
      const [[, count], [, ttl]] = (await redis
        .multi()
        .incr(redisKey)
        .expire(redisKey, windowSeconds, 'NX')
        .ttl(redisKey)
        .exec()) as [[null, number], [null, number], [null, number]];
      return decide(count, limit, ttl > 0 ? ttl : windowSeconds);
    },
    async close() {},
  };
}
