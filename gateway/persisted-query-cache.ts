import type { PersistedQueryOptions } from '@apollo/server';
import type { Logger } from 'pino';
import type { Cache } from '../common/cache/cache.ts';

export type PersistedQueryCache = NonNullable<PersistedQueryOptions['cache']>;

export interface PersistedQueryCacheOptions {
  cache: Cache;
  /** How long a registered query is kept after it was last registered. */
  ttlSeconds: number;
  logger: Logger;
}

/**
 * Longer queries still run, sent in full each time, but are not kept: with the in-memory cache's
 * entry bound this caps what registrations can hold (1,000 entries of 16 KiB by default).
 */
export const MAX_PERSISTED_QUERY_LENGTH = 16 * 1024;

/**
 * The platform's cache as the store of automatic persisted queries (Apollo's KeyValueCache). Every
 * entry expires; a cache that cannot be read answers as a miss, so the client sends the query again
 * instead of failing.
 */
export function createPersistedQueryCache({
  cache,
  ttlSeconds,
  logger,
}: PersistedQueryCacheOptions): PersistedQueryCache {
  return {
    async get(key) {
      try {
        return await cache.get<string>(key);
      } catch (error) {
        logger.warn({ err: error }, 'could not read a persisted query: answering as a miss');
        return undefined;
      }
    },
    async set(key, query) {
      if (query.length > MAX_PERSISTED_QUERY_LENGTH) return;
      await cache.set(key, query, ttlSeconds);
    },
    async delete(key) {
      await cache.delete(key);
    },
  };
}
