import type { Logger } from 'pino';
import { portOf, subgraphUrlOverride, type SubgraphName } from '../config.ts';
import { openDatabase, type Database } from '../database/database.ts';
import { eventFeedRoutes } from '../events/outbox-feed.ts';
import { createOutboxRelay } from '../events/outbox-relay.ts';
import { createSubgraphServer } from '../graphql/subgraph-server.ts';
import { requireKey } from '../identity/keys.ts';
import type { RunningService } from '../http/listen.ts';
import { KIT_ENTITIES } from './kit-entities.ts';
import type { Runtime } from './runtime.ts';
import type { BackgroundTask, SubgraphModule } from './subgraph-module.ts';

export interface StartedSubgraph {
  name: SubgraphName;
  url: string;
  database: Database;
  stop(): Promise<void>;
}

/**
 * Migrates the subgraph's schema, seeds the demo when asked, starts relaying its outbox, and
 * serves it on `port`.
 */
export async function startSubgraph(module: SubgraphModule, runtime: Runtime, port: number): Promise<StartedSubgraph> {
  const { config, keys, bus, pubsub, rateLimiter, mailer } = runtime;
  const logger = runtime.logger.child({ subgraph: module.name });
  const database = await openDatabase(runtime.connection, {
    ...module.database,
    entities: [...module.database.entities, ...KIT_ENTITIES],
  });
  const relay = createOutboxRelay({ database, bus, logger });
  database.onOutboxCommit(() => relay.nudge());
  const serviceUrl = (name: SubgraphName) =>
    runtime.serviceUrls.get(name) ??
    subgraphUrlOverride(config, name) ??
    `http://127.0.0.1:${portOf(config, name)}/graphql`;
  const deps = { config, logger, database, keys, bus, pubsub, rateLimiter, mailer, serviceUrl };

  let running: RunningService | undefined;
  const unsubscribers: (() => Promise<void>)[] = [];
  const timers: NodeJS.Timeout[] = [];
  try {
    if (config.SEED_DEMO && module.seedDemo) await module.seedDemo(deps);
    for (const consumer of module.consumers?.(deps) ?? []) {
      unsubscribers.push(await bus.subscribe(`${module.name}:${consumer.name}`, consumer.handle));
    }
    relay.start();
    const tasks = module.background?.(deps) ?? [];
    for (const task of tasks) timers.push(schedule(task, logger));
    const feedKey = module.eventFeedKey?.(deps);
    const server = await createSubgraphServer(module.definition(deps), {
      config,
      logger,
      database,
      internalVerifyKey: requireKey(keys.internal?.publicKey, 'INTERNAL_VERIFY_KEY'),
      readiness: runtime.readiness,
      eventFeed: feedKey && eventFeedRoutes(module.name, database, feedKey),
    });
    running = await server.listen(port, config.HOST);
    runtime.serviceUrls.set(module.name, running.url);
    for (const task of tasks.filter((candidate) => candidate.atStart)) runTask(task, logger);
  } catch (error) {
    timers.forEach(clearInterval);
    for (const unsubscribe of unsubscribers) await unsubscribe();
    await relay.stop();
    await database.close();
    throw error;
  }
  const service = running;
  return {
    name: module.name,
    url: service.url,
    database,
    async stop() {
      runtime.serviceUrls.delete(module.name);
      await service.stop();
      timers.forEach(clearInterval);
      for (const unsubscribe of unsubscribers) await unsubscribe();
      await relay.stop();
      await database.close();
    },
  };
}

function runTask(task: BackgroundTask, logger: Logger): void {
  task.run().catch((error: unknown) => logger.error({ err: error, task: task.name }, 'background task failed'));
}

function schedule(task: BackgroundTask, logger: Logger): NodeJS.Timeout {
  const timer = setInterval(() => runTask(task, logger), task.everyMs);
  timer.unref();
  return timer;
}
