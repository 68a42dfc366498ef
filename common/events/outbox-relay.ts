import type { Logger } from 'pino';
import { In } from 'typeorm';
import type { Database } from '../database/database.ts';
import type { EventBus } from './event-bus.ts';
import { OutboxEventEntity, toDomainEvent } from './outbox.ts';

export interface OutboxRelayOptions {
  database: Database;
  bus: EventBus;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
}

export interface OutboxRelay {
  /** Polls every `pollIntervalMs` from now on, and runs once at once. */
  start(): void;
  /** Runs soon: a transaction just committed events. */
  nudge(): void;
  /** Publishes everything pending now; resolves when done (a failure is logged, not thrown). */
  flush(): Promise<void>;
  /** Stops polling and waits for a run in flight. */
  stop(): Promise<void>;
}

/**
 * Moves committed events from a subgraph's outbox to the bus. A batch is locked with
 * FOR UPDATE SKIP LOCKED, published, and marked published in that one transaction, so relays on one
 * database never publish the same rows, and a failed publication rolls back to be retried.
 * A crash after publishing and before committing republishes: consumers are idempotent.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { database, bus, logger, pollIntervalMs = 1_000, batchSize = 100 } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let stopped = false;

  const publishBatch = () =>
    database.system(async (manager) => {
      const outbox = manager.getRepository(OutboxEventEntity);
      const rows = await outbox
        .createQueryBuilder('event')
        .where('event.publishedAt IS NULL')
        .orderBy('event.occurredAt', 'ASC')
        .addOrderBy('event.id', 'ASC')
        .limit(batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;
      await bus.publish(rows.map(toDomainEvent));
      await outbox.update({ id: In(rows.map((row) => row.id)) }, { publishedAt: () => 'now()' });
      return rows.length;
    });

  async function drain(): Promise<void> {
    try {
      while (!stopped && (await publishBatch()) === batchSize);
    } catch (error) {
      logger.error({ err: error }, 'outbox relay failed; retrying on the next tick');
    }
  }

  // A call during a run queues one more run after it (shared by every such call), so what was
  // committed before the call is covered by the promise it gets.
  function run(): Promise<void> {
    if (!running) {
      running = drain().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return run();
    });
    return queued;
  }

  return {
    start() {
      if (timer || stopped) return;
      timer = setInterval(() => void run(), pollIntervalMs);
      timer.unref();
      void run();
    },
    nudge() {
      if (!stopped) void run();
    },
    flush: () => run(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await (queued ?? running);
    },
  };
}
