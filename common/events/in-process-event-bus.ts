import { pino, type Logger } from 'pino';
import type { DomainEvent } from './domain-event.ts';
import type { EventBus, EventHandler } from './event-bus.ts';

export interface InProcessEventBusOptions {
  logger?: Logger;
  /** Attempts per event and group before the event is given up (and logged) for that group. */
  maxAttempts?: number;
  /** Delay before the second attempt; it doubles for each attempt after. */
  retryDelayMs?: number;
}

interface Subscriber {
  handle: EventHandler;
  /** Settles when its current delivery does, whatever the outcome. */
  delivering?: Promise<void>;
}

interface Group {
  subscribers: Subscriber[];
  queue: DomainEvent[];
  /** Which subscriber gets the next event: subscribers of one group share its events. */
  turn: number;
  draining: boolean;
}

/**
 * The embedded bus. publish() only queues, so the outbox relay can publish inside its transaction
 * while handlers that use the database (the same single PGlite connection) wait for it to commit.
 * Each group handles its events in order, one at a time; a group that subscribes later does not
 * see earlier events, and an event a handler keeps failing is given up after `maxAttempts`.
 */
export function createInProcessEventBus(options: InProcessEventBusOptions = {}): EventBus {
  const { logger = pino({ enabled: false }), maxAttempts = 5, retryDelayMs = 100 } = options;
  const groups = new Map<string, Group>();
  const deliveries = new Set<Promise<void>>();
  const sleepers = new Set<() => void>();
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      sleepers.add(wake);
    });

  const stillSubscribed = (name: string, group: Group) => !closed && groups.get(name) === group;

  async function deliver(name: string, group: Group, event: DomainEvent): Promise<void> {
    for (let attempt = 1; stillSubscribed(name, group); attempt++) {
      const subscriber = group.subscribers[group.turn++ % group.subscribers.length]!;
      const delivery = (async () => subscriber.handle(event))();
      const settled = delivery.then(
        () => {},
        () => {},
      );
      subscriber.delivering = settled;
      deliveries.add(settled);
      try {
        await delivery;
        return;
      } catch (error) {
        if (attempt >= maxAttempts) {
          logger.error(
            { err: error, group: name, eventId: event.id, attempt },
            'event handler kept failing; giving up',
          );
          return;
        }
        logger.warn({ err: error, group: name, eventId: event.id, attempt }, 'event handler failed; retrying');
        await sleep(retryDelayMs * 2 ** (attempt - 1));
      } finally {
        deliveries.delete(settled);
      }
    }
  }

  async function drain(name: string, group: Group): Promise<void> {
    if (group.draining) return;
    group.draining = true;
    // Handlers run on a later turn of the event loop, never inside the publisher's call.
    await new Promise((resolve) => setImmediate(resolve));
    for (let event = group.queue.shift(); event && stillSubscribed(name, group); event = group.queue.shift()) {
      await deliver(name, group, event);
    }
    group.draining = false;
  }

  return {
    async publish(events) {
      if (closed) throw new Error('The event bus is closed');
      for (const [name, group] of groups) {
        group.queue.push(...events);
        void drain(name, group);
      }
    },

    async subscribe(name, handle) {
      if (closed) throw new Error('The event bus is closed');
      let group = groups.get(name);
      if (!group) {
        group = { subscribers: [], queue: [], turn: 0, draining: false };
        groups.set(name, group);
      }
      const subscriber: Subscriber = { handle };
      group.subscribers.push(subscriber);
      const joined = group;
      return async () => {
        joined.subscribers = joined.subscribers.filter((candidate) => candidate !== subscriber);
        if (joined.subscribers.length === 0 && groups.get(name) === joined) groups.delete(name);
        await subscriber.delivering;
      };
    },

    async close() {
      closed = true;
      groups.clear();
      for (const wake of [...sleepers]) wake();
      await Promise.all(deliveries);
    },
  };
}
