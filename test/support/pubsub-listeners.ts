import type { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Config } from '../../common/config.ts';
import { redisChannelPrefix } from '../../common/pubsub/create-pub-sub.ts';
import { eventually } from './eventually.ts';

interface PubSubPlatform {
  config: Config;
  pubsub: PubSubEngine;
}

/** How many subscriptions listen on the topic: Redis's count of the channel's subscribers, or the in-process emitter's. */
async function listenersOf({ config, pubsub }: PubSubPlatform, topic: string): Promise<number> {
  if (!config.REDIS_URL) return (pubsub as unknown as { ee: EventEmitter }).ee.listenerCount(topic);
  const redis = new Redis(config.REDIS_URL);
  try {
    const [, count] = (await redis.pubsub('NUMSUB', `${redisChannelPrefix(config)}${topic}`)) as [string, number];
    return count;
  } finally {
    redis.disconnect();
  }
}

/**
 * Waits until a subscription's resolver listens on its pub/sub topic: from then on, what is
 * published there reaches the subscriber through the gateway (the connections are up by then).
 */
export const untilListening = (platform: PubSubPlatform, topic: string) =>
  eventually(async () => expect(await listenersOf(platform, topic)).toBeGreaterThan(0));
