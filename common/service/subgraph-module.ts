import type { PubSubEngine } from 'graphql-subscriptions';
import type { Logger } from 'pino';
import type { Config, SubgraphName } from '../config.ts';
import type { Database, DatabaseOptions } from '../database/database.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { SubgraphDefinition } from '../graphql/subgraph-server.ts';
import type { PlatformKeys } from '../identity/keys.ts';
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
}

/** Everything the platform needs to know to run one subgraph, embedded or on its own. */
export interface SubgraphModule {
  name: SubgraphName;
  database: Omit<DatabaseOptions, 'logging'>;
  definition(deps: SubgraphDependencies): SubgraphDefinition<any>;
  /** Adds the demo data when it is missing; must be idempotent. */
  seedDemo?(deps: SubgraphDependencies): Promise<void>;
}
