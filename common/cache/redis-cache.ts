import { createRedisConnection } from '../redis/redis-connection.ts';
import { toCacheEntry, type Cache } from './cache.ts';

export interface RedisCacheOptions {
  url: string;
  /** Prepended to every key. */
  prefix: string;
}

/** The distributed cache: shared by every instance, JSON values, expiry left to Redis. */
export function createRedisCache(options: RedisCacheOptions): Cache {
  const redis = createRedisConnection(options.url, 'cache');
  const keyOf = (key: string) => `${options.prefix}${key}`;
  return {
    async get<T>(key: string) {
      const json = await redis.get(keyOf(key));
      return json === null ? undefined : (JSON.parse(json) as T);
    },
    async set(key, value, ttlSeconds) {
      await redis.set(keyOf(key), toCacheEntry(value, ttlSeconds), 'EX', ttlSeconds);
    },
    async delete(key) {
      await redis.del(keyOf(key));
    },
    async close() {
      redis.disconnect();
    },
  };
}
