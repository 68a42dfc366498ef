import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { Database } from '../../common/database/database.ts';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import { comparePositions, positionOf, type EventSource } from '../../common/events/outbox-feed.ts';
import { EventCursorEntity } from './event-cursor.entity.ts';
import { replaySource } from './event-replay.ts';
import type { KpiNotifier } from './kpi-notifier.ts';
import { createSerialRunner } from '../../common/events/serial-runner.ts';

export interface CatchUp {
  /** Reads every source from where it stopped to its end; a call during a run gets one more run after it. */
  run(): Promise<void>;
  /** Whether a run under way, or the one queued after it, will read this event from its source. */
  willRead(event: DomainEvent): boolean;
}

export async function savedCursor(manager: EntityManager, source: string): Promise<string | null> {
  return (await manager.getRepository(EventCursorEntity).findOneBy({ source }))?.position ?? null;
}

/** Moves a source's cursor forward; never back, so two readers racing cannot undo each other. */
export async function saveCursor(manager: EntityManager, source: string, position: string): Promise<void> {
  await manager.query(
    `INSERT INTO analytics.event_cursors (source, position, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (source) DO UPDATE SET position = GREATEST(analytics.event_cursors.position, EXCLUDED.position),
       updated_at = now()`,
    [source, position],
  );
}

/**
 * Keeps analytics level with its sources' outboxes: on start, periodically, and whenever the bus
 * brings an event a run in progress will read anyway (the consumer then leaves it to the run, so a
 * history arrives in pages rather than one transaction per event).
 */
export function createCatchUp(
  database: Database,
  sources: EventSource[],
  notifier: KpiNotifier,
  logger: Logger,
): CatchUp {
  const cursors = new Map<string, string | null>();

  async function readSource(source: EventSource): Promise<void> {
    const startedAt = performance.now();
    let read = 0;
    await replaySource(database, source, {
      from: cursors.get(source.name)!,
      saveCursor: async (manager, position) => {
        await saveCursor(manager, source.name, position);
        cursors.set(source.name, position);
      },
      onPage: (progress, stores) => {
        read = progress.read;
        for (const { tenantId, storeId } of stores) notifier.changed(tenantId, storeId);
      },
    });
    if (read > 0) {
      logger.info({ source: source.name, events: read, ms: Math.round(performance.now() - startedAt) }, 'caught up');
    }
  }

  async function loadCursors(): Promise<void> {
    const unknown = sources.filter((source) => !cursors.has(source.name));
    if (unknown.length === 0) return;
    await database.system(async (manager) => {
      for (const source of unknown) cursors.set(source.name, await savedCursor(manager, source.name));
    });
  }

  async function readAll(): Promise<void> {
    // Every source's position first: while the run reads one source, the consumer can already leave
    // the events of the others, which the run reads next, to it (a history then comes in pages).
    try {
      await loadCursors();
    } catch (error) {
      logger.warn({ err: error }, 'catch-up could not read its positions; retrying on the next run');
      return;
    }
    for (const source of sources) {
      try {
        await readSource(source);
      } catch (error) {
        logger.warn({ err: error, source: source.name }, 'catch-up failed; retrying on the next run');
      }
    }
  }

  const runner = createSerialRunner(readAll);
  const run = runner.run;

  return {
    run,
    willRead(event) {
      if (!runner.busy || !sources.some((source) => source.name === event.source)) return false;
      const cursor = cursors.get(event.source);
      // Until the run has read its saved cursor it cannot tell; the consumer then applies the event itself.
      if (cursor === undefined || comparePositions(positionOf(event), cursor) <= 0) return false;
      void run();
      return true;
    },
  };
}
