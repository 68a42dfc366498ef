import type { Redis } from 'ioredis';
import type { RequestRate } from '../tiers.ts';
import { makeRoomForKey } from './bounded-keys.ts';
import type { RateLimitDecision } from './rate-limiter.ts';

/** `remaining`: whole requests left now; `resetSeconds`: until the bucket is full again. */
export interface TokenBucketDecision extends RateLimitDecision {
  /** Seconds until a refused caller has a request again; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * One token bucket per key: each request takes a token, tokens come back at `perSecond` up to
 * `burst`. Shared by every instance when backed by Redis.
 */
export interface TokenBuckets {
  take(key: string, rate: RequestRate): Promise<TokenBucketDecision>;
  close(): Promise<void>;
}

const refilled = (tokens: number, elapsedMs: number, rate: RequestRate) =>
  Math.min(rate.burst, tokens + (Math.max(0, elapsedMs) * rate.perSecond) / 1000);

function decide(allowed: boolean, tokens: number, rate: RequestRate): TokenBucketDecision {
  return {
    allowed,
    remaining: Math.floor(tokens),
    resetSeconds: Math.ceil((rate.burst - tokens) / rate.perSecond),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / rate.perSecond)),
  };
}

export interface InMemoryTokenBucketsOptions {
  /** Buckets kept at most; a full bucket is the same as none, so those go first. */
  maxKeys?: number;
  now?: () => number;
}

export function createInMemoryTokenBuckets({
  maxKeys = 100_000,
  now = Date.now,
}: InMemoryTokenBucketsOptions = {}): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number; rate: RequestRate }>();
  return {
    async take(key, rate) {
      const at = now();
      const bucket = buckets.get(key);
      let tokens = bucket ? refilled(bucket.tokens, at - bucket.at, rate) : rate.burst;
      const allowed = tokens >= 1;
      if (allowed) tokens -= 1;
      // Delete first so the map's order is least recently used first: the oldest go when it is full.
      buckets.delete(key);
      makeRoomForKey(
        buckets,
        maxKeys,
        (stale) => refilled(stale.tokens, at - stale.at, stale.rate) >= stale.rate.burst,
      );
      buckets.set(key, { tokens, at, rate });
      return decide(allowed, tokens, rate);
    },
    async close() {
      buckets.clear();
    },
  };
}

/**
 * Refill and take in one step on the Redis server, by its clock, so that gateways whose clocks
 * differ still agree. A bucket expires once it would be full again.
 */
const TAKE_TOKEN = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
if tokens == nil then
  tokens = burst
else
  tokens = math.min(burst, tokens + math.max(0, now - tonumber(state[2])) * rate / 1000)
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return { allowed, tostring(tokens) }
`;

type TakeToken = (key: string, perSecond: number, burst: number) => Promise<[number, string]>;

export function createRedisTokenBuckets(redis: Redis, prefix: string): TokenBuckets {
  if (!('takeToken' in redis)) redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
  const takeToken = (redis as unknown as { takeToken: TakeToken }).takeToken.bind(redis);
  return {
    async take(key, rate) {
      const [allowed, tokens] = await takeToken(`${prefix}bucket:${key}`, rate.perSecond, rate.burst);
      return decide(allowed === 1, Number(tokens), rate);
    },
    async close() {},
  };
}
