import type { Config } from '../config.ts';
import type { Cache } from './cache.ts';
import { createMemoryCache } from './memory-cache.ts';
import { createRedisCache } from './redis-cache.ts';

/** Redis when REDIS_URL is set (shared by every instance), in memory otherwise. */
export function createCache(config: Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>): Cache {
  return config.REDIS_URL
    ? createRedisCache({ url: config.REDIS_URL, prefix: `${config.REDIS_PREFIX}cache:` })
    : createMemoryCache();
}
