import type { PubSubEngine } from 'graphql-subscriptions';
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config, SubgraphName } from '../config.ts';
import type { Database, DatabaseOptions } from '../database/database.ts';
import type { DomainEvent } from '../events/domain-event.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { SubgraphDefinition } from '../graphql/subgraph-server.ts';
import type { PlatformKeys } from '../identity/keys.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { RateLimiter } from '../rate-limit/rate-limiter.ts';

/** What a subgraph is handed at start-up; which adapters these are is decided by configuration. */
export interface SubgraphDependencies {
  config: Config;
  logger: Logger;
  database: Database;
  keys: PlatformKeys;
  bus: EventBus;
  pubsub: PubSubEngine;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  /** Where another service of the platform listens (its /graphql URL): started in this process, or configured. */
  serviceUrl(name: SubgraphName): string;
}

/** Handles events from the bus; `name` makes the consumer group `<subgraph>:<name>`. */
export interface EventConsumer {
  name: string;
  handle(event: DomainEvent): Promise<void>;
}

/** Work a subgraph repeats in the background, such as retention sweeps. */
export interface BackgroundTask {
  name: string;
  everyMs: number;
  /** Run once as soon as the subgraph listens, not only after the first interval. */
  atStart?: boolean;
  run(): Promise<unknown>;
}

/** Everything the platform needs to know to run one subgraph, embedded or on its own. */
export interface SubgraphModule {
  name: SubgraphName;
  database: Omit<DatabaseOptions, 'logging'>;
  definition(deps: SubgraphDependencies): SubgraphDefinition<any>;
  /** What this subgraph does with other subgraphs' events; handlers must be idempotent (consumeOnce). */
  consumers?(deps: SubgraphDependencies): EventConsumer[];
  background?(deps: SubgraphDependencies): BackgroundTask[];
  /**
   * Serves the subgraph's outbox at `/internal/events` to services holding the events key; the key
   * to verify their tokens with. Absent: no feed.
   */
  eventFeedKey?(deps: SubgraphDependencies): KeyObject;
  /** Adds the demo data when it is missing; must be idempotent. */
  seedDemo?(deps: SubgraphDependencies): Promise<void>;
}
