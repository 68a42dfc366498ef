import { pino, type Logger } from 'pino';
import type { DomainEvent } from './domain-event.ts';
import type { EventBus, EventHandler } from './event-bus.ts';

export interface InProcessEventBusOptions {
  logger?: Logger;
  /** Attempts per handler and event before publish() fails and the relay tries again later. */
  maxAttempts?: number;
  retryDelayMs?: number;
}

/**
 * The embedded bus: publish() resolves only once every group has handled every event, so the outbox
 * relay marks events published only after delivery, and a crash in between means redelivery, not loss.
 */
export function createInProcessEventBus({
  logger = pino({ enabled: false }),
  maxAttempts = 5,
  retryDelayMs = 50,
}: InProcessEventBusOptions = {}): EventBus {
  const groups = new Map<string, Set<EventHandler>>();

  async function deliver(group: string, handler: EventHandler, event: DomainEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await handler(event);
      } catch (error) {
        if (attempt >= maxAttempts) throw error;
        logger.warn({ err: error, group, eventId: event.id, attempt }, 'event handler failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  return {
    async publish(events) {
      for (const event of events) {
        await Promise.all(
          [...groups].flatMap(([group, handlers]) => [...handlers].map((handler) => deliver(group, handler, event))),
        );
      }
    },
    async subscribe(group, handler) {
      // Several instances of one group share its events; in one process that is one handler at a time.
      if (!groups.has(group)) groups.set(group, new Set());
      const handlers = groups.get(group)!;
      if (handlers.size > 0) throw new Error(`The consumer group ${group} already has a handler in this process`);
      handlers.add(handler);
      return async () => {
        handlers.delete(handler);
      };
    },
    async close() {
      groups.clear();
    },
  };
}
