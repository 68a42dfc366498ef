import { RedisPubSub } from 'graphql-redis-subscriptions';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import type { Config } from '../config.ts';
import { createRedisConnection } from '../redis/redis-connection.ts';

export interface ClosablePubSub {
  pubsub: PubSubEngine;
  close(): Promise<void>;
}

/** Pub/sub for GraphQL subscriptions: Redis across processes, in-process on embedded defaults. */
export function createPubSub(config: Config): ClosablePubSub {
  if (!config.REDIS_URL) return { pubsub: new PubSub(), close: async () => {} };
  const publisher = createRedisConnection(config.REDIS_URL, 'pubsub-publisher');
  const subscriber = createRedisConnection(config.REDIS_URL, 'pubsub-subscriber');
  const pubsub = new RedisPubSub({
    publisher,
    subscriber,
    triggerTransform: (trigger) => `${config.REDIS_PREFIX}pubsub:${trigger}`,
  });
  return {
    pubsub,
    close: async () => {
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
