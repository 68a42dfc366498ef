import { Redis } from 'ioredis';

/**
 * A Redis connection that fails commands fast while Redis is down (instead of queueing them
 * without bound) and keeps reconnecting in the background.
 */
export function createRedisConnection(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}
