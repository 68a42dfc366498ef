import { EntitySchema, type EntityManager, type QueryRunner } from 'typeorm';
import { bulkInsert } from '../database/bulk-insert.ts';
import { noteOutboxWrite } from '../database/database.ts';
import { isolateByTenant } from '../database/tenant-isolation.ts';
import type { DomainEvent } from './domain-event.ts';

interface OutboxRow {
  id: string;
  tenantId: string | null;
  type: string;
  source: string;
  aggregateId: string;
  payload: unknown;
  occurredAt: Date;
  publishedAt: Date | null;
  claimedUntil?: Date | null;
}

interface ProcessedEventRow {
  consumer: string;
  eventId: string;
  tenantId: string | null;
  processedAt: Date;
}

export const OutboxEventEntity = new EntitySchema<OutboxRow>({
  name: 'OutboxEvent',
  tableName: 'outbox_events',
  columns: {
    id: { type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid', nullable: true },
    type: { type: 'text' },
    source: { type: 'text' },
    aggregateId: { name: 'aggregate_id', type: 'text' },
    payload: { type: 'jsonb' },
    occurredAt: { name: 'occurred_at', type: 'timestamptz' },
    publishedAt: { name: 'published_at', type: 'timestamptz', nullable: true },
    claimedUntil: { name: 'claimed_until', type: 'timestamptz', nullable: true },
  },
  indices: [{ name: 'outbox_events_unpublished_idx', columns: ['occurredAt'], where: 'published_at IS NULL' }],
});

export const ProcessedEventEntity = new EntitySchema<ProcessedEventRow>({
  name: 'ProcessedEvent',
  tableName: 'processed_events',
  columns: {
    consumer: { type: 'text', primary: true },
    eventId: { name: 'event_id', type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid', nullable: true },
    processedAt: { name: 'processed_at', type: 'timestamptz', createDate: true },
  },
});

/** Every subgraph's DataSource includes these: its outbox and its consumers' memory. */
export const eventEntities = [OutboxEventEntity, ProcessedEventEntity];

/** For a subgraph's first migration. Events without a tenant are written and read as the system. */
export async function createEventTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`CREATE TABLE "${schema}"."outbox_events" (
    id uuid PRIMARY KEY,
    tenant_id uuid,
    type text NOT NULL,
    source text NOT NULL,
    aggregate_id text NOT NULL,
    payload jsonb NOT NULL,
    occurred_at timestamptz NOT NULL,
    published_at timestamptz,
    claimed_until timestamptz
  )`);
  await queryRunner.query(
    `CREATE INDEX "outbox_events_unpublished_idx" ON "${schema}"."outbox_events" (occurred_at) WHERE published_at IS NULL`,
  );
  await queryRunner.query(`CREATE TABLE "${schema}"."processed_events" (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    tenant_id uuid,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
  )`);
  await isolateByTenant(queryRunner, `"${schema}"."outbox_events"`);
  await isolateByTenant(queryRunner, `"${schema}"."processed_events"`);
}

export async function dropEventTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE "${schema}"."processed_events"`);
  await queryRunner.query(`DROP TABLE "${schema}"."outbox_events"`);
}

/** Writes events in the caller's transaction: they commit, or vanish, with the state change. */
export async function recordEvents(manager: EntityManager, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await bulkInsert(
    manager,
    OutboxEventEntity,
    events.map((event) => ({
      id: event.id,
      tenantId: event.tenantId,
      type: event.type,
      source: event.source,
      aggregateId: event.aggregateId,
      payload: event.payload,
      occurredAt: new Date(event.occurredAt),
      publishedAt: null,
      claimedUntil: null,
    })),
  );
  noteOutboxWrite(manager);
}

export function toDomainEvent(row: OutboxRow): DomainEvent {
  return {
    id: row.id,
    type: row.type,
    source: row.source,
    tenantId: row.tenantId,
    aggregateId: row.aggregateId,
    occurredAt: row.occurredAt.toISOString(),
    payload: row.payload,
  };
}
