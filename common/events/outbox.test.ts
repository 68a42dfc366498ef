import { pino } from 'pino';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-services.ts';
import { openDatabase, type Database } from '../database/database.ts';
import { consumeOnce } from './consume-once.ts';
import { createDomainEvent, type DomainEvent } from './domain-event.ts';
import type { EventBus } from './event-bus.ts';
import { createOutboxRelay } from './outbox-relay.ts';
import { createEventTables, dropEventTables, eventEntities, recordEvents } from './outbox.ts';

class EventTables1700000000000 implements MigrationInterface {
  name = 'EventTables1700000000000';
  up = (queryRunner: QueryRunner) => createEventTables(queryRunner, 'events_test');
  down = (queryRunner: QueryRunner) => dropEventTables(queryRunner, 'events_test');
}

const logger = pino({ level: 'silent' });
const TENANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
let testDatabase: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = await openDatabase(testDatabase.connection, {
    schema: 'events_test',
    entities: eventEntities,
    migrations: [EventTables1700000000000],
  });
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

/** A bus that only remembers what it was given. */
function recordingBus(): EventBus & { published: DomainEvent[] } {
  const published: DomainEvent[] = [];
  return {
    published,
    publish: async (events) => void published.push(...events),
    subscribe: async () => async () => {},
    close: async () => {},
  };
}

const anEvent = (label: string) =>
  createDomainEvent({ type: 'TestHappened', source: 'test', tenantId: TENANT, aggregateId: label, payload: { label } });

describe('the transactional outbox', () => {
  it('publishes events whose transaction committed, once, and never those of a rolled-back one', async () => {
    const bus = recordingBus();
    const relay = createOutboxRelay({ database, bus, logger });
    const kept = anEvent('kept');
    await database.transaction(TENANT, (manager) => recordEvents(manager, [kept]));
    await expect(
      database.transaction(TENANT, async (manager) => {
        await recordEvents(manager, [anEvent('rolled back')]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');

    await relay.flush();
    await relay.flush();
    expect(bus.published.map((event) => event.id)).toEqual([kept.id]);
    expect(bus.published[0]).toEqual(kept);
  });

  it('publishes each event exactly once when several relays run at the same time', async () => {
    const bus = recordingBus();
    const events = Array.from({ length: 40 }, (_, index) => anEvent(`burst ${index}`));
    await database.transaction(TENANT, (manager) => recordEvents(manager, events));
    const relays = Array.from({ length: 3 }, () => createOutboxRelay({ database, bus, logger, batchSize: 7 }));
    await Promise.all(relays.map((relay) => relay.flush()));
    expect(bus.published.map((event) => event.id).sort()).toEqual(events.map((event) => event.id).sort());
  });

  it('keeps an event whose publication failed and publishes it on a later run', async () => {
    const event = anEvent('retried');
    await database.transaction(TENANT, (manager) => recordEvents(manager, [event]));
    const failing = { ...recordingBus(), publish: async () => Promise.reject(new Error('bus down')) };
    await createOutboxRelay({ database, bus: failing, logger, leaseSeconds: 0 }).flush();

    const bus = recordingBus();
    await createOutboxRelay({ database, bus, logger }).flush();
    expect(bus.published.map((published) => published.id)).toContain(event.id);
  });
});

describe('consumeOnce', () => {
  const effects = () =>
    database.transaction(TENANT, async (manager) => {
      const [row] = await manager.query(
        `SELECT count(*)::int AS count FROM events_test.processed_events WHERE consumer = 'counter'`,
      );
      return row.count as number;
    });

  it('applies an event delivered ten times, some concurrently, exactly once', async () => {
    const event = anEvent('duplicated');
    let applied = 0;
    const deliver = () =>
      consumeOnce(database, 'counter', event, async () => {
        applied++;
      });
    await Promise.all(Array.from({ length: 5 }, deliver));
    for (let i = 0; i < 5; i++) await deliver();
    expect(applied).toBe(1);
    expect(await effects()).toBeGreaterThanOrEqual(1);
  });

  it('leaves no marker when the effect fails, so a redelivery applies it', async () => {
    const event = anEvent('flaky');
    await expect(
      consumeOnce(database, 'flaky-consumer', event, async () => {
        throw new Error('downstream unavailable');
      }),
    ).rejects.toThrow('downstream unavailable');
    expect(await consumeOnce(database, 'flaky-consumer', event, async () => {})).toBe(true);
  });
});
