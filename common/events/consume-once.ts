import type { EntityManager } from 'typeorm';
import type { Database } from '../database/database.ts';
import type { DomainEvent } from './domain-event.ts';
import { ProcessedEventEntity } from './outbox.ts';

/**
 * Applies an event's effect at most once per consumer: the marker and the effect commit in one
 * transaction, so a duplicate delivery does nothing and a failed effect leaves no marker behind.
 * Returns whether the effect ran.
 */
export async function consumeOnce(
  database: Database,
  consumer: string,
  event: DomainEvent,
  effect: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  const work = async (manager: EntityManager) => {
    const table = manager.getRepository(ProcessedEventEntity).metadata.tablePath;
    const fresh: unknown[] = await manager.query(
      `INSERT INTO ${table} (consumer, event_id, tenant_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [consumer, event.id, event.tenantId],
    );
    if (fresh.length === 0) return false;
    await effect(manager);
    return true;
  };
  return event.tenantId ? database.transaction(event.tenantId, work) : database.system(work);
}
