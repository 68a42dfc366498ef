import type { EntityManager } from 'typeorm';
import type { Database } from '../../common/database/database.ts';
import type { EventSource } from '../../common/events/outbox-feed.ts';
import { applyEvents, type StoreRef } from './event-batch.ts';

export const PAGE_SIZE = 500;

export interface ReplayProgress {
  source: string;
  read: number;
  /** Known once the first page from the start has come; otherwise null. */
  total: number | null;
}

export interface ReplayOptions {
  from: string | null;
  tenantId?: string | null;
  /** False: write the facts alone, the caller rebuilding the rollups once at the end. */
  rollups?: boolean;
  /** Runs in each page's transaction after its events: where to keep the position reached. */
  saveCursor?: (manager: EntityManager, position: string) => Promise<void>;
  onPage?: (progress: ReplayProgress, stores: StoreRef[]) => void;
}

/**
 * Reads a source's events page by page from `from` to its end and applies each page in one transaction
 * (as the system: a page holds many tenants' events).
 */
export async function replaySource(
  database: Database,
  source: EventSource,
  { from, tenantId = null, rollups = true, saveCursor, onPage }: ReplayOptions,
): Promise<void> {
  let position = from;
  const progress: ReplayProgress = { source: source.name, read: 0, total: null };
  for (;;) {
    const page = await source.page({ after: position, limit: PAGE_SIZE, tenantId });
    if (page.total !== undefined) progress.total = page.total;
    if (page.events.length === 0) break;
    const next = page.next!;
    const stores = await database.system(async (manager) => {
      const touched = await applyEvents(manager, page.events, { rollups });
      await saveCursor?.(manager, next);
      return touched;
    });
    position = next;
    progress.read += page.events.length;
    onPage?.({ ...progress }, stores);
    if (page.events.length < PAGE_SIZE) break;
  }
}
