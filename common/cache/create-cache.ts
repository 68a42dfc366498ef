import type { Config } from '../config.ts';
import type { Cache } from './cache.ts';
import { createMemoryCache, type MemoryCacheOptions } from './memory-cache.ts';
import { createRedisCache } from './redis-cache.ts';

/**
 * Redis when REDIS_URL is set (shared by every instance), in memory otherwise; `memory` bounds the
 * in-memory one, where Redis's own memory policy bounds the other.
 */
export function createCache(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>,
  memory: Pick<MemoryCacheOptions, 'maxEntries'> = {},
): Cache {
  return config.REDIS_URL
    ? createRedisCache({ url: config.REDIS_URL, prefix: `${config.REDIS_PREFIX}cache:` })
    : createMemoryCache(memory);
}
