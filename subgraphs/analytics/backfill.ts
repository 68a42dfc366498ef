import type { Database } from '../../common/database/database.ts';
import { ProcessedEventEntity } from '../../common/events/outbox.ts';
import type { EventSource } from '../../common/events/outbox-feed.ts';
import { saveCursor } from './catch-up.ts';
import { CONSUMER } from './event-batch.ts';
import { replaySource, type ReplayProgress } from './event-replay.ts';
import { rebuildRollups } from './rollup-refresh.ts';

/** Every table analytics derives from its sources' events, children first. */
export const DERIVED_TABLES = [
  'daily_payments',
  'daily_product_sales',
  'daily_sales',
  'hourly_payments',
  'payment_refund_facts',
  'payment_facts',
  'hourly_product_sales',
  'hourly_sales',
  'daily_customers',
  'customer_numbers',
  'order_fact_lines',
  'order_facts',
  'stores',
  'tenants',
];

export interface BackfillOptions {
  /** Only this tenant's figures; the others and the catch-up cursors stay as they are. */
  tenantId?: string | null;
  onProgress?: (progress: ReplayProgress) => void;
}

/**
 * Rebuilds analytics from the sources' whole history: drops the tenant's (or every) derived row and
 * the memory of which events were applied, then reads every source from its start in pages. Stopped
 * half-way, it leaves a partial picture that running it again replaces.
 */
export async function backfillAnalytics(
  database: Database,
  sources: EventSource[],
  { tenantId = null, onProgress }: BackfillOptions = {},
): Promise<void> {
  const ofTenant = tenantId ? 'WHERE tenant_id = $1' : '';
  const params = tenantId ? [tenantId] : [];
  await database.system(async (manager) => {
    for (const table of DERIVED_TABLES) await manager.query(`DELETE FROM analytics.${table} ${ofTenant}`, params);
    const processed = manager.getRepository(ProcessedEventEntity).metadata.tablePath;
    await manager.query(
      `DELETE FROM ${processed} WHERE consumer = $${params.length + 1} ${tenantId ? 'AND tenant_id = $1' : ''}`,
      [...params, CONSUMER],
    );
    if (!tenantId) await manager.query(`DELETE FROM analytics.event_cursors`);
  });
  for (const source of sources) {
    await replaySource(database, source, {
      from: null,
      tenantId,
      rollups: false,
      saveCursor: tenantId ? undefined : (manager, position) => saveCursor(manager, source.name, position),
      onPage: (progress) => onProgress?.(progress),
    });
  }
  // The rollups once from the whole history, rather than again for every page that touched an hour.
  await database.system(async (manager) => {
    const tenants: { tenant_id: string }[] = await manager.query(
      `SELECT DISTINCT tenant_id FROM analytics.order_facts ${ofTenant}`,
      params,
    );
    for (const { tenant_id } of tenants) await rebuildRollups(manager, tenant_id);
  });
}
