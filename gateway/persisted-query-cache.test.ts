import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Cache } from '../common/cache/cache.ts';
import { createMemoryCache } from '../common/cache/memory-cache.ts';
import { MAX_PERSISTED_QUERY_LENGTH, createPersistedQueryCache } from './persisted-query-cache.ts';

const logger = pino({ level: 'silent' });

describe('the persisted queries cache', () => {
  it('keeps a registered query for its TTL, whatever TTL Apollo Server asks for', async () => {
    let now = 0;
    const queries = createPersistedQueryCache({ cache: createMemoryCache({ now: () => now }), ttlSeconds: 60, logger });
    await queries.set('apq:abc', '{ me { id } }', { ttl: null });
    now += 59_999;
    expect(await queries.get('apq:abc')).toBe('{ me { id } }');
    now += 1;
    expect(await queries.get('apq:abc')).toBeUndefined();
  });

  it('does not keep a query longer than the limit, so registrations cannot fill memory', async () => {
    const queries = createPersistedQueryCache({ cache: createMemoryCache(), ttlSeconds: 60, logger });
    await queries.set('apq:long', `{ me { id } }${' '.repeat(MAX_PERSISTED_QUERY_LENGTH)}`);
    expect(await queries.get('apq:long')).toBeUndefined();
  });

  it('answers a miss when the cache cannot be read, so the client sends its query in full', async () => {
    const unreachable: Cache = {
      get: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
      set: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
      delete: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const queries = createPersistedQueryCache({ cache: unreachable, ttlSeconds: 60, logger });
    await expect(queries.get('apq:abc')).resolves.toBeUndefined();
  });
});
