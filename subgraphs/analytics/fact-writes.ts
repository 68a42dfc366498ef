import type { EntityManager } from 'typeorm';
import type { Ingested, Milestone, MilestoneReport } from './ingested-events.ts';

type Of<K extends Ingested['kind']> = Extract<Ingested, { kind: K }>;
const ofKind = <K extends Ingested['kind']>(batch: Ingested[], kind: K) =>
  batch.filter((item): item is Of<K> => item.kind === kind);

/** One row per key, the one `better` prefers: a statement may not upsert one row twice. */
function onePer<T>(rows: T[], key: (row: T) => string, better: (a: T, b: T) => boolean = () => false): T[] {
  const kept = new Map<string, T>();
  for (const row of rows) {
    const current = kept.get(key(row));
    if (!current || better(row, current)) kept.set(key(row), row);
  }
  return [...kept.values()];
}

const json = (rows: unknown[]) => JSON.stringify(rows);

/**
 * Writes what a batch of events tells into the fact tables, a few statements for the whole batch. Each
 * event fills in only its part and the first report of each milestone stands, so the order in which
 * events arrive (or arrive again) does not matter.
 */
export async function writeFacts(manager: EntityManager, batch: Ingested[]): Promise<void> {
  await writePlaced(manager, ofKind(batch, 'placed'));
  for (const which of ['completed_at', 'paid_at', 'cancelled_at'] as Milestone[]) {
    await writeMilestones(
      manager,
      which,
      ofKind(batch, 'milestone').filter((item) => item.which === which),
    );
  }
  await writeTenants(manager, ofKind(batch, 'tenant'));
  await writeStores(manager, ofKind(batch, 'store'));
  await writePayments(manager, ofKind(batch, 'payment'));
  await writeRefunds(manager, ofKind(batch, 'refund'));
}

async function writePlaced(manager: EntityManager, placed: Of<'placed'>[]): Promise<void> {
  if (placed.length === 0) return;
  const orders = onePer(placed, (item) => item.order.orderId).map(({ tenantId, order }) => ({ tenantId, ...order }));
  await manager.query(
    `INSERT INTO analytics.order_facts (order_id, tenant_id, store_id, customer_id, currency, total, item_count, placed_at)
     SELECT r."orderId", r."tenantId", r."storeId", r."customerId", r.currency, r.total, r."itemCount", r."placedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("orderId" uuid, "tenantId" uuid, "storeId" uuid, "customerId" uuid,
            currency text, total integer, "itemCount" integer, "placedAt" timestamptz)
     ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, currency = EXCLUDED.currency,
       total = EXCLUDED.total, item_count = EXCLUDED.item_count, placed_at = EXCLUDED.placed_at`,
    [json(orders)],
  );
  const lines = orders.flatMap((order) =>
    order.lines.map((line, position) => ({ orderId: order.orderId, position, tenantId: order.tenantId, ...line })),
  );
  if (lines.length > 0) {
    await manager.query(
      `INSERT INTO analytics.order_fact_lines (order_id, position, tenant_id, product_id, product_name, quantity, total)
       SELECT r."orderId", r.position, r."tenantId", r."productId", r."productName", r.quantity, r.total
         FROM jsonb_to_recordset($1::jsonb) AS r("orderId" uuid, position integer, "tenantId" uuid, "productId" uuid,
              "productName" text, quantity integer, total integer)
       ON CONFLICT DO NOTHING`,
      [json(lines)],
    );
  }
  // A store heard of only through its orders is read in UTC until its StoreCreated arrives.
  await manager.query(
    `INSERT INTO analytics.stores (id, tenant_id, timezone, currency)
     SELECT DISTINCT ON (r."storeId") r."storeId", r."tenantId", 'UTC', r.currency
       FROM jsonb_to_recordset($1::jsonb) AS r("storeId" uuid, "tenantId" uuid, currency text)
     ON CONFLICT (id) DO NOTHING`,
    [json(orders.map(({ storeId, tenantId, currency }) => ({ storeId, tenantId, currency })))],
  );
}

/** An order not placed yet as far as analytics knows gets a fact row that OrderPlaced completes later. */
async function writeMilestones(manager: EntityManager, which: Milestone, reports: Of<'milestone'>[]): Promise<void> {
  if (reports.length === 0) return;
  const earliest = onePer(
    reports,
    (item) => item.report.orderId,
    (a, b) => a.report.at < b.report.at,
  ).map(({ tenantId, report }): MilestoneReport & { tenantId: string } => ({ tenantId, ...report }));
  await manager.query(
    `INSERT INTO analytics.order_facts (order_id, tenant_id, store_id, customer_id, ${which})
     SELECT r."orderId", r."tenantId", r."storeId", r."customerId", r.at
       FROM jsonb_to_recordset($1::jsonb) AS r("orderId" uuid, "tenantId" uuid, "storeId" uuid, "customerId" uuid, at timestamptz)
     ON CONFLICT (order_id) DO UPDATE SET ${which} = COALESCE(analytics.order_facts.${which}, EXCLUDED.${which})`,
    [json(earliest)],
  );
}

/** Each tenant's zone as the latest choice has it, whichever order the choices arrive in. */
async function writeTenants(manager: EntityManager, tenants: Of<'tenant'>[]): Promise<void> {
  if (tenants.length === 0) return;
  const latest = onePer(
    tenants,
    (item) => item.tenantId,
    (a, b) => Date.parse(a.zone.at) > Date.parse(b.zone.at),
  );
  await manager.query(
    `INSERT INTO analytics.tenants (tenant_id, timezone, zone_set_at)
     SELECT r."tenantId", r."timeZone", r.at FROM jsonb_to_recordset($1::jsonb) AS r("tenantId" uuid, "timeZone" text, at timestamptz)
     ON CONFLICT (tenant_id) DO UPDATE SET timezone = EXCLUDED.timezone, zone_set_at = EXCLUDED.zone_set_at
      WHERE analytics.tenants.zone_set_at < EXCLUDED.zone_set_at`,
    [json(latest.map(({ tenantId, zone }) => ({ tenantId, ...zone })))],
  );
}

async function writeStores(manager: EntityManager, stores: Of<'store'>[]): Promise<void> {
  if (stores.length === 0) return;
  await manager.query(
    `INSERT INTO analytics.stores (id, tenant_id, timezone, currency)
     SELECT r."storeId", r."tenantId", r.timezone, r.currency
       FROM jsonb_to_recordset($1::jsonb) AS r("storeId" uuid, "tenantId" uuid, timezone text, currency text)
     ON CONFLICT (id) DO UPDATE SET timezone = EXCLUDED.timezone, currency = EXCLUDED.currency`,
    [json(onePer(stores, (item) => item.store.storeId).map(({ tenantId, store }) => ({ tenantId, ...store })))],
  );
}

async function writePayments(manager: EntityManager, payments: Of<'payment'>[]): Promise<void> {
  if (payments.length === 0) return;
  await manager.query(
    `INSERT INTO analytics.payment_facts (payment_id, tenant_id, order_id, provider, method, currency, amount, succeeded_at)
     SELECT r."paymentId", r."tenantId", r."orderId", r.provider, r.method, r.currency, r.amount, r.at
       FROM jsonb_to_recordset($1::jsonb) AS r("paymentId" uuid, "tenantId" uuid, "orderId" uuid, provider text,
            method text, currency text, amount integer, at timestamptz)
     ON CONFLICT (payment_id) DO NOTHING`,
    [json(payments.map(({ tenantId, payment }) => ({ tenantId, ...payment })))],
  );
}

async function writeRefunds(manager: EntityManager, refunds: Of<'refund'>[]): Promise<void> {
  if (refunds.length === 0) return;
  await manager.query(
    `INSERT INTO analytics.payment_refund_facts (event_id, tenant_id, payment_id, order_id, provider, method, currency, amount, refunded_at)
     SELECT r."eventId", r."tenantId", r."paymentId", r."orderId", r.provider, r.method, r.currency, r.amount, r.at
       FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, "tenantId" uuid, "paymentId" uuid, "orderId" uuid,
            provider text, method text, currency text, amount integer, at timestamptz)
     ON CONFLICT (event_id) DO NOTHING`,
    [json(refunds.map(({ tenantId, eventId, refund }) => ({ tenantId, eventId, ...refund })))],
  );
}
