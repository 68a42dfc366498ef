import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../../common/events/domain-event.ts';
import { ProcessedEventEntity } from '../../common/events/outbox.ts';
import { writeFacts } from './fact-writes.ts';
import { rebuildStoreCustomers, rebuildTenantCustomers, refreshDailyCustomers } from './daily-customers.ts';
import { rebuildStoreDays, rebuildTenantDays } from './daily-rollups.ts';
import { ingest, isIngested, type Ingested } from './ingested-events.ts';
import { withoutJit } from './no-jit.ts';
import { refreshPayments, refreshSales } from './rollup-refresh.ts';
import { tenantZones } from './tenant-zones.ts';
import { customersOf, firstSaleHours, paymentHours, placedHours, type CustomerRef } from './touched-hours.ts';

/** The consumer whose memory (processed events) says which events analytics has applied. */
export const CONSUMER = 'sales-rollups';

export interface StoreRef {
  tenantId: string;
  storeId: string;
}

/** The events not applied before, each marked applied: every event counts once by its id. */
async function freshEvents(manager: EntityManager, events: DomainEvent[]): Promise<DomainEvent[]> {
  const candidates = events.filter(isIngested);
  if (candidates.length === 0) return [];
  const table = manager.getRepository(ProcessedEventEntity).metadata.tablePath;
  const marked: { event_id: string }[] = await manager.query(
    `INSERT INTO ${table} (consumer, event_id, tenant_id)
     SELECT $1, r.id, r."tenantId" FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, "tenantId" uuid)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [CONSUMER, JSON.stringify(candidates.map(({ id, tenantId }) => ({ id, tenantId })))],
  );
  const fresh = new Set(marked.map((row) => row.event_id));
  return candidates.filter((event) => fresh.delete(event.id));
}

const orderIdOf = (item: Ingested): string | null => {
  switch (item.kind) {
    case 'placed':
      return item.order.orderId;
    case 'milestone':
      return item.report.orderId;
    case 'payment':
      return item.payment.orderId;
    case 'refund':
      return item.refund.orderId;
    case 'store':
    case 'tenant':
      return null;
  }
};

const changesSales = (item: Ingested) => item.kind === 'placed' || item.kind === 'milestone';

const namedCustomers = (batch: Ingested[]): CustomerRef[] =>
  batch.flatMap((item) => {
    const customerId =
      item.kind === 'placed' ? item.order.customerId : item.kind === 'milestone' ? item.report.customerId : null;
    return customerId ? [{ tenantId: item.tenantId, customerId }] : [];
  });

type DescribedStore = StoreRef & { zone: string | undefined };

const zonesOf = async (manager: EntityManager, storeIds: string[]): Promise<Map<string, string>> => {
  const rows: { id: string; timezone: string }[] = await manager.query(
    `SELECT id, timezone FROM analytics.stores WHERE id = ANY($1::uuid[])`,
    [storeIds],
  );
  return new Map(rows.map((row) => [row.id, row.timezone]));
};

/** The stores the batch describes, with the time zone analytics held for each before it (none for a new one). */
async function describedStores(manager: EntityManager, batch: Ingested[]): Promise<DescribedStore[]> {
  const stores = new Map<string, StoreRef>();
  for (const item of batch) {
    if (item.kind === 'store') stores.set(item.store.storeId, { tenantId: item.tenantId, storeId: item.store.storeId });
  }
  if (stores.size === 0) return [];
  const zones = await zonesOf(manager, [...stores.keys()]);
  return [...stores.values()].map((store) => ({ ...store, zone: zones.get(store.storeId) }));
}

/** Of those stores, the ones whose time zone the batch changed: their own dates moved. */
async function rezoned(manager: EntityManager, described: DescribedStore[]): Promise<StoreRef[]> {
  if (described.length === 0) return [];
  const zones = await zonesOf(
    manager,
    described.map((store) => store.storeId),
  );
  return described
    .filter((store) => store.zone !== zones.get(store.storeId))
    .map(({ tenantId, storeId }) => ({ tenantId, storeId }));
}

/** The zones of the tenants the batch names one for, as analytics held them before it. */
async function zonedTenants(manager: EntityManager, batch: Ingested[]): Promise<Map<string, string>> {
  const tenantIds = [...new Set(batch.filter((item) => item.kind === 'tenant').map((item) => item.tenantId))];
  return tenantIds.length === 0 ? new Map() : tenantZones(manager, tenantIds);
}

/** Of those tenants, the ones whose zone the batch changed: their all-store dates moved. */
async function rezonedTenants(manager: EntityManager, before: Map<string, string>): Promise<string[]> {
  if (before.size === 0) return [];
  const after = await tenantZones(manager, [...before.keys()]);
  return [...before].filter(([tenantId, zone]) => after.get(tenantId) !== zone).map(([tenantId]) => tenantId);
}

/**
 * One batch at a time per tenant: two recomputing the same hour at once would each miss the other's
 * facts, or collide inserting its rollup row. Tenants are taken in one order, so batches never deadlock.
 */
async function lockTenants(manager: EntityManager, batch: Ingested[]): Promise<void> {
  const tenants = [...new Set(batch.map((item) => item.tenantId))].sort();
  await manager.query(
    `SELECT pg_advisory_xact_lock(hashtextextended('analytics-rollups:' || t, 0))
       FROM unnest($1::text[]) WITH ORDINALITY AS l(t, n) ORDER BY n`,
    [tenants],
  );
}

/**
 * Applies a batch of events (any sources, tenants and order) in the caller's transaction: the facts in
 * a few set-based statements, then the rollups of every hour the batch touched, each once. Events
 * already applied are skipped, so overlapping deliveries (the bus and a catch-up) are harmless.
 * Returns the stores whose figures may have changed. With `rollups: false` it writes the facts alone
 * (and returns no store), for a bulk load that rebuilds the rollups at its end (`rebuildRollups`).
 */
export async function applyEvents(
  manager: EntityManager,
  events: DomainEvent[],
  { rollups = true }: { rollups?: boolean } = {},
): Promise<StoreRef[]> {
  const batch = (await freshEvents(manager, events)).map(ingest).filter((item) => item !== null);
  if (batch.length === 0) return [];
  await lockTenants(manager, batch);
  await withoutJit(manager);
  if (!rollups) {
    await writeFacts(manager, batch);
    return [];
  }
  const orderIds = [...new Set(batch.map(orderIdOf).filter((id) => id !== null))];
  // Payments and refunds change no order fact: only their own rollups, not the sales or the customers.
  const soldIds = [
    ...new Set(
      batch
        .filter(changesSales)
        .map(orderIdOf)
        .filter((id) => id !== null),
    ),
  ];
  const customers = [...namedCustomers(batch), ...(await customersOf(manager, soldIds))];
  const firstSalesBefore = await firstSaleHours(manager, customers);

  const described = await describedStores(manager, batch);
  const tenantsBefore = await zonedTenants(manager, batch);
  await writeFacts(manager, batch);
  const movedStores = await rezoned(manager, described);
  const movedTenants = await rezonedTenants(manager, tenantsBefore);

  const customersAfter = [...customers, ...(await customersOf(manager, soldIds))];
  const salesHours = [
    ...(await placedHours(manager, soldIds)),
    ...firstSalesBefore,
    ...(await firstSaleHours(manager, customersAfter)),
  ];
  const moneyHours = await paymentHours(manager, orderIds);
  await refreshSales(manager, salesHours);
  await refreshPayments(manager, moneyHours);
  await refreshDailyCustomers(manager, customersAfter, soldIds);
  await rebuildStoreCustomers(manager, movedStores);
  await rebuildStoreDays(manager, movedStores);
  await rebuildTenantCustomers(manager, movedTenants);
  await rebuildTenantDays(manager, movedTenants);

  const stores = new Map<string, StoreRef>();
  for (const { tenantId, storeId } of [...salesHours, ...moneyHours]) stores.set(storeId, { tenantId, storeId });
  return [...stores.values()];
}
