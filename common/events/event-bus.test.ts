import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { testServices, uniqueName } from '../../test/support/test-services.ts';
import { createDomainEvent, type DomainEvent } from './domain-event.ts';
import type { EventBus } from './event-bus.ts';
import { createInProcessEventBus } from './in-process-event-bus.ts';
import { createRedisStreamsEventBus } from './redis-streams-event-bus.ts';

const logger = pino({ level: 'silent' });
const anEvent = (label: string) =>
  createDomainEvent({ type: 'TestHappened', source: 'test', tenantId: null, aggregateId: label, payload: { label } });

const opened: EventBus[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for delivery');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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
});

describe.skipIf(!testServices.redisUrl)('the Redis Streams event bus', () => {
  const bus = (prefix: string, claimIdleMs = 30_000) => {
    const created = createRedisStreamsEventBus({
      url: testServices.redisUrl!,
      prefix,
      logger,
      claimIdleMs,
      blockMs: 200,
    });
    opened.push(created);
    return created;
  };

  it('delivers each event once to each consumer group', async () => {
    const prefix = `${uniqueName('bus')}:`;
    const events = bus(prefix);
    const seen: Record<string, string[]> = { analytics: [], payments: [] };
    for (const group of Object.keys(seen))
      await events.subscribe(group, async (event) => void seen[group]!.push(event.id));
    const sent = [anEvent('a'), anEvent('b'), anEvent('c')];
    await events.publish(sent);
    await until(() => seen.analytics!.length === 3 && seen.payments!.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.analytics).toEqual(sent.map((event) => event.id));
    expect(seen.payments).toEqual(sent.map((event) => event.id));
  });

  it('delivers events published while a group was down when it comes back', async () => {
    const prefix = `${uniqueName('bus')}:`;
    const events = bus(prefix);
    const received: string[] = [];
    const stop = await events.subscribe('reports', async (event) => void received.push(event.id));
    await stop();
    const whileDown = anEvent('while down');
    await events.publish([whileDown]);
    await events.subscribe('reports', async (event) => void received.push(event.id));
    await until(() => received.includes(whileDown.id));
  });

  it('redelivers an event whose handler failed, and hands a dead consumer’s events to a live one', async () => {
    const prefix = `${uniqueName('bus')}:`;
    const first = bus(prefix, 300);
    const second = bus(prefix, 300);
    const handled: DomainEvent[] = [];
    let failures = 0;
    const stopFirst = await first.subscribe('kitchen', async () => {
      failures++;
      throw new Error('this instance is broken');
    });
    const event = anEvent('taken over');
    await first.publish([event]);
    await until(() => failures > 0);
    await stopFirst();
    await second.subscribe('kitchen', async (delivered) => void handled.push(delivered));
    await until(() => handled.length > 0);
    expect(handled.map((delivered) => delivered.id)).toEqual([event.id]);
  });

  it('closes promptly even while a consumer is blocked reading', async () => {
    const events = createRedisStreamsEventBus({ url: testServices.redisUrl!, prefix: `${uniqueName('bus')}:`, logger });
    await events.subscribe('idle', async () => {});
    const started = Date.now();
    await events.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
