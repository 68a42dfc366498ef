import type { PubSubEngine } from 'graphql-subscriptions';
import { afterEach, describe, expect, it } from 'vitest';
import { testServices, uniqueName } from '../../test/support/test-services.ts';
import { loadConfig } from '../config.ts';
import { createPubSub, type ClosablePubSub } from './create-pub-sub.ts';

const opened: ClosablePubSub[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((pubsub) => pubsub.close()));
});

const adapters = [
  { name: 'in-process', env: {} },
  ...(testServices.redisUrl ? [{ name: 'Redis', env: { REDIS_URL: testServices.redisUrl } }] : []),
];

describe.each(adapters)('$name pub/sub', ({ env }) => {
  it('delivers a published payload to a subscriber of that topic only', async () => {
    const pubsub = createPubSub(loadConfig({ ...env, REDIS_PREFIX: `${uniqueName('ps')}:` }));
    opened.push(pubsub);
    const kitchen = pubsub.pubsub.asyncIterableIterator<{ order: string }>('storeOrders:1');
    const other = pubsub.pubsub.asyncIterableIterator<{ order: string }>('storeOrders:2');
    const next = kitchen.next();
    const otherNext = other.next();
    // Redis subscribes asynchronously: publish until the subscriber is listening.
    let received: IteratorResult<{ order: string }> | undefined;
    void next.then((result) => (received = result));
    for (let attempt = 0; attempt < 50 && !received; attempt++) {
      await pubsub.pubsub.publish('storeOrders:1', { order: 'flat white' });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(received?.value).toEqual({ order: 'flat white' });
    const raced = await Promise.race([otherNext, new Promise((resolve) => setTimeout(() => resolve('nothing'), 100))]);
    expect(raced).toBe('nothing');
    await kitchen.return?.();
    await other.return?.();
  });
});

describe.skipIf(!testServices.redisUrl)('Redis pub/sub', () => {
  it('keeps deployments with different REDIS_PREFIX apart on one Redis', async () => {
    const [ours, theirs] = [uniqueName('ps'), uniqueName('ps')].map((prefix) => {
      const pubsub = createPubSub(loadConfig({ REDIS_URL: testServices.redisUrl, REDIS_PREFIX: `${prefix}:` }));
      opened.push(pubsub);
      return pubsub.pubsub;
    }) as [PubSubEngine, PubSubEngine];
    const mine = ours.asyncIterableIterator<string>('menuChanged');
    const foreign = theirs.asyncIterableIterator<string>('menuChanged');
    const foreignNext = foreign.next();
    let received: IteratorResult<string> | undefined;
    void mine.next().then((result) => (received = result));
    for (let attempt = 0; attempt < 50 && !received; attempt++) {
      await ours.publish('menuChanged', 'ours');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(received?.value).toBe('ours');
    const raced = await Promise.race([
      foreignNext,
      new Promise((resolve) => setTimeout(() => resolve('nothing'), 100)),
    ]);
    expect(raced).toBe('nothing');
    await mine.return?.();
    await foreign.return?.();
  });
});
