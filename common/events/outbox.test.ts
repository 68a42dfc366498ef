import { pino } from 'pino';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testServices, type TestDatabase } from '../../test/support/test-services.ts';
import { openDatabase, type Database } from '../database/database.ts';
import { consumeOnce } from './consume-once.ts';
import { createDomainEvent, type DomainEvent } from './domain-event.ts';
import type { EventBus } from './event-bus.ts';
import { createInProcessEventBus } from './in-process-event-bus.ts';
import { createOutboxRelay } from './outbox-relay.ts';
import { createEventTables, dropEventTables, eventEntities, recordEvents } from './outbox.ts';

const eventTablesIn = (schema: string) =>
  class EventTables1700000000000 implements MigrationInterface {
    name = 'EventTables1700000000000';
    up = (queryRunner: QueryRunner) => createEventTables(queryRunner, schema);
    down = (queryRunner: QueryRunner) => dropEventTables(queryRunner, schema);
  };

const logger = pino({ level: 'silent' });
const TENANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const OTHER_TENANT = '16fd2706-8baf-433b-82eb-8c7fada847da';
let testDatabase: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = await openDatabase(testDatabase.connection, {
    schema: 'events_test',
    entities: eventEntities,
    migrations: [eventTablesIn('events_test')],
  });
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

const anEvent = (label: string, tenantId: string | null = TENANT) =>
  createDomainEvent({ type: 'TestHappened', source: 'test', tenantId, aggregateId: label, payload: { label } });

const idsOf = (events: DomainEvent[]) => events.map((event) => event.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A bus that remembers what it was given, optionally slowly. */
function recordingBus({ delayMs = 0 } = {}): EventBus & { published: DomainEvent[]; mostAtOnce: number } {
  let active = 0;
  const bus = {
    published: [] as DomainEvent[],
    mostAtOnce: 0,
    async publish(events: DomainEvent[]) {
      bus.mostAtOnce = Math.max(bus.mostAtOnce, ++active);
      await sleep(delayMs);
      active--;
      bus.published.push(...events);
    },
    subscribe: async () => async () => {},
    close: async () => {},
  };
  return bus;
}

const publishedAt = (event: DomainEvent) =>
  database.system(async (manager) => {
    const [row] = await manager.query(`SELECT published_at FROM events_test.outbox_events WHERE id = $1`, [event.id]);
    return row?.published_at as Date | null | undefined;
  });

describe('the transactional outbox', () => {
  it('publishes the events of a committed transaction once, and never those of a rolled-back one', async () => {
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
    expect(bus.published).toEqual([kept]);
  });

  it('publishes each event exactly once when several relays run at the same time', async () => {
    const bus = recordingBus({ delayMs: 10 });
    const events = Array.from({ length: 40 }, (_, index) => anEvent(`burst ${index}`));
    await database.transaction(TENANT, (manager) => recordEvents(manager, events));
    const relays = Array.from({ length: 3 }, () => createOutboxRelay({ database, bus, logger, batchSize: 7 }));
    await Promise.all(relays.map((relay) => relay.flush()));
    await Promise.all(relays.map((relay) => relay.flush()));
    expect(idsOf(bus.published).sort()).toEqual(idsOf(events).sort());
    // PGlite has one connection, so relays take turns; PostgreSQL lets them overlap.
    if (testServices.databaseUrl) expect(bus.mostAtOnce).toBeGreaterThan(1);
  });

  it('keeps an event whose publication failed and publishes it on a later run', async () => {
    const event = anEvent('retried');
    await database.transaction(TENANT, (manager) => recordEvents(manager, [event]));
    const bus = recordingBus();
    let busDown = true;
    const relay = createOutboxRelay({
      database,
      logger,
      leaseSeconds: 0,
      bus: { ...bus, publish: (events) => (busDown ? Promise.reject(new Error('bus down')) : bus.publish(events)) },
    });
    await relay.flush();
    expect(await publishedAt(event)).toBeNull();

    busDown = false;
    await relay.flush();
    expect(idsOf(bus.published)).toEqual([event.id]);
    expect(await publishedAt(event)).toBeInstanceOf(Date);
  });

  it('publishes events nobody nudged it about on its next poll', async () => {
    const bus = recordingBus();
    const relay = createOutboxRelay({ database, bus, logger, pollIntervalMs: 20 });
    relay.start();
    try {
      const event = anEvent('polled');
      await database.transaction(TENANT, (manager) => recordEvents(manager, [event]));
      await expect.poll(() => idsOf(bus.published)).toContain(event.id);
    } finally {
      await relay.stop();
    }
  });

  it('waits on stop() for the batch it is publishing, and leaves it marked published', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let publishing = false;
    const relay = createOutboxRelay({
      database,
      logger,
      bus: {
        ...recordingBus(),
        publish: async () => {
          publishing = true;
          await gate;
        },
      },
    });
    const event = anEvent('in flight');
    await database.transaction(TENANT, (manager) => recordEvents(manager, [event]));
    relay.nudge();
    await expect.poll(() => publishing).toBe(true);
    let stopped = false;
    const stopping = relay.stop().then(() => (stopped = true));
    await sleep(50);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await publishedAt(event)).toBeInstanceOf(Date);
  });

  it('hands events to in-process handlers that write to the same database', async () => {
    const bus = createInProcessEventBus({ logger });
    const relay = createOutboxRelay({ database, bus, logger, pollIntervalMs: 60_000 });
    database.onOutboxCommit(() => relay.nudge());
    const handled: string[] = [];
    await bus.subscribe('writer', async (event) => {
      await consumeOnce(database, 'writer', event, async (manager) => {
        if (event.aggregateId === 'cause') await recordEvents(manager, [anEvent('effect')]);
      });
      handled.push(event.aggregateId);
    });
    try {
      await database.transaction(TENANT, (manager) => recordEvents(manager, [anEvent('cause')]));
      await expect.poll(() => handled, { timeout: 5_000 }).toEqual(expect.arrayContaining(['cause', 'effect']));
    } finally {
      await relay.stop();
      await bus.close();
    }
  });

  it("refuses an event for another tenant than the transaction's", async () => {
    await expect(
      database.transaction(TENANT, (manager) => recordEvents(manager, [anEvent('smuggled', OTHER_TENANT)])),
    ).rejects.toThrow(/row-level security/);
  });

  it('creates tables that match the entities, and drops them again', async () => {
    const other = await openDatabase(testDatabase.connection, {
      schema: 'events_down_test',
      entities: eventEntities,
      migrations: [eventTablesIn('events_down_test')],
    });
    try {
      const drift = await other.dataSource.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((query) => query.query)).toEqual([]);
      await other.dataSource.undoLastMigration();
      const [row] = await other.dataSource.query(
        `SELECT to_regclass('events_down_test.outbox_events') AS outbox, to_regclass('events_down_test.processed_events') AS processed`,
      );
      expect(row).toEqual({ outbox: null, processed: null });
    } finally {
      await other.close();
    }
  });
});

describe('consumeOnce', () => {
  it.each([
    ['a tenant', TENANT],
    ['no tenant', null],
  ])('applies an event for %s delivered ten times, five of them at once, exactly once', async (_, tenantId) => {
    const event = anEvent('duplicated', tenantId);
    let applied = 0;
    const deliver = () =>
      consumeOnce(database, 'counter', event, async () => {
        applied++;
        await sleep(20);
      });
    const outcomes = await Promise.all(Array.from({ length: 5 }, deliver));
    for (let i = 0; i < 5; i++) outcomes.push(await deliver());
    expect(applied).toBe(1);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('applies one event once for each consumer', async () => {
    const event = anEvent('shared');
    const applied: string[] = [];
    for (const consumer of ['analytics', 'payments', 'analytics', 'payments']) {
      await consumeOnce(database, consumer, event, async () => void applied.push(consumer));
    }
    expect(applied).toEqual(['analytics', 'payments']);
  });

  it('leaves no marker and no effect when the work fails, so a redelivery applies it', async () => {
    const event = anEvent('flaky');
    const reaction = anEvent('reaction');
    await expect(
      consumeOnce(database, 'flaky-consumer', event, async (manager) => {
        await recordEvents(manager, [reaction]);
        throw new Error('downstream unavailable');
      }),
    ).rejects.toThrow('downstream unavailable');
    expect(await publishedAt(reaction)).toBeUndefined();

    let applied = 0;
    await consumeOnce(database, 'flaky-consumer', event, async () => void applied++);
    expect(applied).toBe(1);
  });
});
