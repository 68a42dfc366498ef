import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config, SubgraphName } from '../config.ts';
import { connectEmbedded, connectPostgres, type DatabaseConnection } from '../database/connection.ts';
import { createEventBus } from '../events/create-event-bus.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { ReadinessCheck } from '../http/service-app.ts';
import { loadKeys, type PlatformKeys } from '../identity/keys.ts';
import { createLogger } from '../logger.ts';
import { createFileMailer, type Mailer } from '../mail/mailer.ts';
import { createPubSub, type ClosablePubSub } from '../pubsub/create-pub-sub.ts';
import { createInMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from '../rate-limit/rate-limiter.ts';
import { createRedisConnection } from '../redis/redis-connection.ts';

/** What every service of one process shares: configuration, keys, the database connection, the bus. */
export interface Runtime {
  config: Config;
  logger: Logger;
  keys: PlatformKeys;
  connection: DatabaseConnection;
  bus: EventBus;
  pubsub: ClosablePubSub['pubsub'];
  rateLimiter: RateLimiter;
  mailer: Mailer;
  /** What /readyz checks besides each service's own database. */
  readiness: ReadinessCheck[];
  /** Where each service started by this process listens. */
  serviceUrls: Map<SubgraphName, string>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Tests hand in their own (a fresh database each). */
  connection?: DatabaseConnection;
  logger?: Logger;
}

export async function createRuntime(config: Config, service: string, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config, service);
  const keys = loadKeys(config);
  const connection =
    options.connection ??
    (config.DATABASE_URL
      ? connectPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE)
      : await connectEmbedded({ dataDir: join(config.DATA_DIR, 'postgres') }));
  const bus = createEventBus(config, logger);
  const pubsub = createPubSub(config);
  const redis = config.REDIS_URL ? createRedisConnection(config.REDIS_URL, 'commands') : undefined;
  const rateLimiter = redis ? createRedisRateLimiter(redis, config.REDIS_PREFIX) : createInMemoryRateLimiter();
  const readiness: ReadinessCheck[] = redis ? [{ name: 'redis', check: async () => void (await redis.ping()) }] : [];
  return {
    config,
    logger,
    keys,
    connection,
    bus,
    pubsub: pubsub.pubsub,
    rateLimiter,
    mailer: createFileMailer(config.DATA_DIR),
    readiness,
    serviceUrls: new Map(),
    async close() {
      await bus.close();
      await pubsub.close();
      await rateLimiter.close();
      redis?.disconnect();
      await connection.close();
    },
  };
}
