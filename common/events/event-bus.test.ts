import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { testServices, uniqueName } from '../../test/support/test-services.ts';
import { createRedisConnection } from '../redis/redis-connection.ts';
import { createDomainEvent } from './domain-event.ts';
import type { EventBus } from './event-bus.ts';
import { createInProcessEventBus } from './in-process-event-bus.ts';
import { createRedisStreamsEventBus, type RedisStreamsEventBusOptions } from './redis-streams-event-bus.ts';

const logger = pino({ level: 'silent' });
const anEvent = (label: string) =>
  createDomainEvent({ type: 'TestHappened', source: 'test', tenantId: null, aggregateId: label, payload: { label } });

const opened: EventBus[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the in-process event bus', () => {
  const bus = () => {
    const created = createInProcessEventBus({ logger, retryDelayMs: 1 });
    opened.push(created);
    return created;
  };

  it('delivers every event to every consumer group before publish resolves', async () => {
    const events = bus();
    const analytics: string[] = [];
    const payments: string[] = [];
    await events.subscribe('analytics', async (event) => void analytics.push(event.id));
    await events.subscribe('payments', async (event) => void payments.push(event.id));
    const sent = [anEvent('a'), anEvent('b')];
    await events.publish(sent);
    expect(analytics).toEqual(sent.map((event) => event.id));
    expect(payments).toEqual(sent.map((event) => event.id));
  });

  it('gives a failing handler the event again', async () => {
    const events = bus();
    let attempts = 0;
    await events.subscribe('flaky', async () => {
      if (++attempts < 3) throw new Error('not yet');
    });
    await events.publish([anEvent('retried')]);
    expect(attempts).toBe(3);
  });

  it('fails the publication when a handler keeps failing, so the outbox keeps the event', async () => {
    const events = bus();
    await events.subscribe('broken', async () => {
      throw new Error('always');
    });
    await expect(events.publish([anEvent('stuck')])).rejects.toThrow('always');
  });

  it('stops delivering to a handler once its subscription is stopped', async () => {
    const events = bus();
    const received: string[] = [];
    const stop = await events.subscribe('leaving', async (event) => void received.push(event.id));
    await stop();
    await events.publish([anEvent('after')]);
    expect(received).toEqual([]);
  });
});

describe.skipIf(!testServices.redisUrl)('the Redis Streams event bus', () => {
  const redis = () => {
    const connection = createRedisConnection(testServices.redisUrl!, 'event-bus-test');
    cleanups.push(async () => connection.disconnect());
    return connection;
  };

  /** A fresh stream per test, deleted afterwards. */
  const freshPrefix = () => {
    const prefix = `${uniqueName('bus')}:`;
    cleanups.push(async () => {
      const connection = createRedisConnection(testServices.redisUrl!, 'event-bus-test-cleanup');
      await connection.del(`${prefix}events`);
      connection.disconnect();
    });
    return prefix;
  };

  const bus = (prefix: string, options: Partial<RedisStreamsEventBusOptions> = {}) => {
    const created = createRedisStreamsEventBus({
      url: testServices.redisUrl!,
      prefix,
      logger,
      claimIdleMs: 30_000,
      blockMs: 200,
      ...options,
    });
    opened.push(created);
    return created;
  };

  const pendingIn = async (prefix: string, group: string) => {
    const [count] = (await redis().xpending(`${prefix}events`, group)) as [number];
    return count;
  };

  it('delivers each event once to each consumer group, and acknowledges it', async () => {
    const prefix = freshPrefix();
    const events = bus(prefix);
    const seen: Record<string, string[]> = { analytics: [], payments: [] };
    for (const group of Object.keys(seen))
      await events.subscribe(group, async (event) => void seen[group]!.push(event.id));
    const sent = [anEvent('a'), anEvent('b'), anEvent('c')];
    await events.publish(sent);
    await expect.poll(() => seen.analytics!.length + seen.payments!.length).toBe(6);
    await sleep(300);
    expect(seen.analytics).toEqual(sent.map((event) => event.id));
    expect(seen.payments).toEqual(sent.map((event) => event.id));
    expect(await pendingIn(prefix, 'analytics')).toBe(0);
    expect(await pendingIn(prefix, 'payments')).toBe(0);
  });

  it('shares the events of one group between its consumers, each event handled once', async () => {
    const prefix = freshPrefix();
    const handled: string[] = [];
    const consumers = [bus(prefix), bus(prefix)];
    for (const consumer of consumers) await consumer.subscribe('kitchen', async (event) => void handled.push(event.id));
    const sent = Array.from({ length: 20 }, (_, index) => anEvent(`order ${index}`));
    await consumers[0]!.publish(sent);
    await expect.poll(() => handled.length).toBe(20);
    await sleep(300);
    expect(handled.sort()).toEqual(sent.map((event) => event.id).sort());
  });

  it('delivers an event again to a handler that failed, until it succeeds', async () => {
    const prefix = freshPrefix();
    const events = bus(prefix, { claimIdleMs: 200 });
    let attempts = 0;
    await events.subscribe('flaky', async () => {
      if (++attempts < 3) throw new Error('not yet');
    });
    await events.publish([anEvent('retried')]);
    await expect.poll(() => attempts, { timeout: 5_000 }).toBe(3);
    await expect.poll(() => pendingIn(prefix, 'flaky')).toBe(0);
  });

  it('delivers events published while a group was down when it comes back', async () => {
    const prefix = freshPrefix();
    const events = bus(prefix);
    const received: string[] = [];
    const stop = await events.subscribe('reports', async (event) => void received.push(event.id));
    await stop();
    const whileDown = anEvent('while down');
    await events.publish([whileDown]);
    await events.subscribe('reports', async (event) => void received.push(event.id));
    await expect.poll(() => received).toEqual([whileDown.id]);
  });

  it('delivers events published before a group ever subscribed', async () => {
    const prefix = freshPrefix();
    const events = bus(prefix);
    const early = anEvent('before the consumer was deployed');
    await events.publish([early]);
    const received: string[] = [];
    await events.subscribe('audit', async (event) => void received.push(event.id));
    await expect.poll(() => received).toEqual([early.id]);
  });

  it('hands the events a crashed consumer had read but not acknowledged to a live one', async () => {
    const prefix = freshPrefix();
    const events = bus(prefix, { claimIdleMs: 200 });
    // The group exists from the first subscription on; stop it so the crashed consumer reads alone.
    await (
      await events.subscribe('kitchen', async () => {})
    )();
    const event = anEvent('taken over');
    await events.publish([event]);
    const crashed = redis();
    const read = await crashed.xreadgroup(
      'GROUP',
      'kitchen',
      'crashed',
      'COUNT',
      10,
      'STREAMS',
      `${prefix}events`,
      '>',
    );
    expect(JSON.stringify(read)).toContain(event.id);

    const handled: string[] = [];
    await bus(prefix, { claimIdleMs: 200 }).subscribe('kitchen', async (delivered) => void handled.push(delivered.id));
    await expect.poll(() => handled, { timeout: 5_000 }).toEqual([event.id]);
    await expect.poll(() => pendingIn(prefix, 'kitchen')).toBe(0);
  });

  it('closes promptly while a consumer is blocked reading', async () => {
    const events = createRedisStreamsEventBus({
      url: testServices.redisUrl!,
      prefix: freshPrefix(),
      logger,
      blockMs: 10_000,
    });
    await events.subscribe('idle', async () => {});
    await sleep(100);
    const started = Date.now();
    await events.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('lets a handler in flight finish and acknowledge before closing', async () => {
    const prefix = freshPrefix();
    const events = createRedisStreamsEventBus({ url: testServices.redisUrl!, prefix, logger, blockMs: 200 });
    let started = false;
    let finished = false;
    await events.subscribe('slow', async () => {
      started = true;
      await sleep(300);
      finished = true;
    });
    await events.publish([anEvent('slow')]);
    await expect.poll(() => started).toBe(true);
    await events.close();
    expect(finished).toBe(true);
    expect(await pendingIn(prefix, 'slow')).toBe(0);
  });
});
