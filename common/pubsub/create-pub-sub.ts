import { RedisPubSub, type PubSubRedisOptions } from 'graphql-redis-subscriptions';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import type { Config } from '../config.ts';
import { createRedisConnection } from '../redis/redis-connection.ts';

export interface ClosablePubSub {
  pubsub: PubSubEngine;
  close(): Promise<void>;
}

/** RedisPubSub applies triggerTransform when subscribing but not when publishing: prefix both. */
class PrefixedRedisPubSub extends RedisPubSub {
  constructor(
    private readonly prefix: string,
    options: PubSubRedisOptions,
  ) {
    super({ ...options, triggerTransform: (trigger) => `${prefix}${String(trigger)}` });
  }

  override publish<T>(trigger: string, payload: T): Promise<void> {
    return super.publish(`${this.prefix}${trigger}`, payload);
  }
}

/** What the Redis channel of each topic begins with: each installation (REDIS_PREFIX) has its own. */
export const redisChannelPrefix = (config: Pick<Config, 'REDIS_PREFIX'>) => `${config.REDIS_PREFIX}pubsub:`;

/** Pub/sub for GraphQL subscriptions: Redis across processes, in-process on embedded defaults. */
export function createPubSub(config: Config): ClosablePubSub {
  if (!config.REDIS_URL) return { pubsub: new PubSub(), close: async () => {} };
  const publisher = createRedisConnection(config.REDIS_URL, 'pubsub-publisher');
  const subscriber = createRedisConnection(config.REDIS_URL, 'pubsub-subscriber');
  return {
    pubsub: new PrefixedRedisPubSub(redisChannelPrefix(config), { publisher, subscriber }),
    close: async () => {
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
