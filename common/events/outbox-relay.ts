import type { Logger } from 'pino';
import type { Database } from '../database/database.ts';
import type { EventBus } from './event-bus.ts';
import { OutboxEventEntity, toDomainEvent } from './outbox.ts';
import { createSerialRunner } from './serial-runner.ts';

export interface OutboxRelayOptions {
  database: Database;
  bus: EventBus;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
  /** How long a claimed batch is this relay's before another relay may take it over. */
  leaseSeconds?: number;
}

export interface OutboxRelay {
  start(): void;
  /** Run soon: a transaction just committed events. */
  nudge(): void;
  /** Publishes everything pending now (tests, shutdown). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Moves committed events from a subgraph's outbox to the bus. A batch is claimed with a short lease
 * (so several relays on one database never publish the same rows at once), published with no
 * transaction open, then marked published. A crash in between republishes: consumers are idempotent.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { database, bus, logger, pollIntervalMs = 1_000, batchSize = 100, leaseSeconds = 30 } = options;
  const table = database.dataSource.getMetadata(OutboxEventEntity).tablePath;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function publishBatch(): Promise<number> {
    const rows: Record<string, unknown>[] = await database.system((manager) =>
      manager.query(
        `WITH claimed AS (
           UPDATE ${table} SET claimed_until = now() + make_interval(secs => $2)
            WHERE id IN (SELECT id FROM ${table}
                          WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                          ORDER BY occurred_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id, tenant_id, type, source, aggregate_id, payload, occurred_at)
         SELECT * FROM claimed`,
        [batchSize, leaseSeconds],
      ),
    );
    if (rows.length === 0) return 0;
    const events = rows
      .map((row) =>
        toDomainEvent({
          id: row.id as string,
          tenantId: row.tenant_id as string | null,
          type: row.type as string,
          source: row.source as string,
          aggregateId: row.aggregate_id as string,
          payload: row.payload,
          occurredAt: row.occurred_at as Date,
          publishedAt: null,
        }),
      )
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
    await bus.publish(events);
    await database.system((manager) =>
      manager.query(`UPDATE ${table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [
        events.map((event) => event.id),
      ]),
    );
    return rows.length;
  }

  async function drain(): Promise<void> {
    try {
      while (!stopped && (await publishBatch()) === batchSize);
    } catch (error) {
      logger.error({ err: error }, 'outbox relay failed; retrying on the next tick');
    }
  }

  const { run, idle } = createSerialRunner(drain);

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
      await idle();
    },
  };
}
