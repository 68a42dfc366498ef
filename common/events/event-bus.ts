import type { DomainEvent } from './domain-event.ts';

export type EventHandler = (event: DomainEvent) => Promise<void>;

/**
 * Carries committed domain events between subgraphs. Every event reaches each consumer group at
 * least once; a handler that throws gets the event again later, so handlers must be idempotent
 * (see consumeOnce).
 */
export interface EventBus {
  publish(events: DomainEvent[]): Promise<void>;
  /** Resolves with a function that stops this subscription. */
  subscribe(group: string, handler: EventHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
