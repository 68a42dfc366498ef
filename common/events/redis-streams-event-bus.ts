import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { createRedisConnection } from '../redis/redis-connection.ts';
import type { DomainEvent } from './domain-event.ts';
import type { EventBus, EventHandler } from './event-bus.ts';

export type RedisStreamsEventBusOptions = ({ url: string } | { connect: (name: string) => Redis }) & {
  /** Prepended to the stream's key: the stream is `${prefix}events`. */
  prefix: string;
  logger?: Logger;
  /** A pending entry idle this long is claimed again: its consumer died or its handler failed. */
  claimIdleMs?: number;
  /** How long one XREADGROUP waits for new entries. */
  blockMs?: number;
  /** The stream is trimmed to about this many entries. */
  maxLength?: number;
  /** Entries read or claimed per command. */
  batchSize?: number;
};

type StreamEntry = [id: string, fields: string[] | null];

/**
 * Redis Streams with consumer groups: every group sees every event published after it was first
 * created, each subscription of a group takes a share, an entry is acknowledged only after its
 * handler succeeds, and entries left pending (handler failed, consumer died) are claimed again by
 * XAUTOCLAIM once idle for `claimIdleMs`. Each subscription blocks on a connection of its own.
 */
export function createRedisStreamsEventBus(options: RedisStreamsEventBusOptions): EventBus {
  const {
    prefix,
    logger = pino({ enabled: false }),
    claimIdleMs = 30_000,
    blockMs = 2_000,
    maxLength = 1_000_000,
    batchSize = 50,
  } = options;
  const connect = 'connect' in options ? options.connect : (name: string) => createRedisConnection(options.url, name);
  const stream = `${prefix}events`;
  const open = (name: string) => {
    const connection = connect(name);
    connection.on('error', (error: unknown) => logger.warn({ err: error, connection: name }, 'Redis connection error'));
    return connection;
  };
  const publisher = open('events-publisher');
  const subscriptions = new Set<() => Promise<void>>();
  let closed = false;

  const createGroup = async (connection: Redis, group: string) => {
    try {
      await connection.xgroup('CREATE', stream, group, '$', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  };

  return {
    async publish(events) {
      if (closed) throw new Error('The event bus is closed');
      if (events.length === 0) return;
      const pipeline = publisher.pipeline();
      for (const event of events) {
        pipeline.xadd(stream, 'MAXLEN', '~', maxLength, '*', 'event', JSON.stringify(event));
      }
      const results = (await pipeline.exec()) ?? [];
      const failure = results.find(([error]) => error);
      if (failure) throw failure[0];
    },

    async subscribe(group, handler) {
      if (closed) throw new Error('The event bus is closed');
      const connection = open(`events-${group}`);
      try {
        await createGroup(connection, group);
      } catch (error) {
        connection.disconnect();
        throw error;
      }
      const consumer = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
      const subscription = consumeGroup({
        connection,
        stream,
        group,
        consumer,
        handler,
        logger,
        claimIdleMs,
        blockMs,
        batchSize,
        recreateGroup: () => createGroup(connection, group),
      });
      const stop = async () => {
        if (!subscriptions.delete(stop)) return;
        await subscription.stop();
        // Consumer names are unique per subscription: without this, every restart would leave one
        // behind in the group. Only an idle one goes, as deleting a consumer drops its pending entries.
        try {
          const pending = (await publisher.xpending(stream, group, '-', '+', 1, consumer)) as unknown[];
          if (pending.length === 0) await publisher.xgroup('DELCONSUMER', stream, group, consumer);
        } catch (error) {
          logger.debug({ err: error, group, consumer }, 'could not remove the consumer from its group');
        }
      };
      subscriptions.add(stop);
      return stop;
    },

    async close() {
      closed = true;
      await Promise.all([...subscriptions].map((stop) => stop()));
      publisher.disconnect();
    },
  };
}

interface ConsumeGroupOptions {
  connection: Redis;
  stream: string;
  group: string;
  consumer: string;
  handler: EventHandler;
  logger: Logger;
  claimIdleMs: number;
  blockMs: number;
  batchSize: number;
  recreateGroup(): Promise<void>;
}

/** Reads and claims entries for one consumer until stopped; stop() interrupts a blocked read. */
function consumeGroup(options: ConsumeGroupOptions): { stop(): Promise<void> } {
  const { connection, stream, group, consumer, handler, logger, claimIdleMs, blockMs, batchSize } = options;
  let running = true;
  let reading = false;
  let wake = () => {};
  const stopping = new Promise<void>((resolve) => (wake = resolve));
  const pause = (ms: number) =>
    Promise.race([stopping, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

  async function handle(entries: StreamEntry[]): Promise<void> {
    for (const [id, fields] of entries) {
      // What is left stays pending, and is claimed by a live consumer once idle.
      if (!running) return;
      if (fields === null) {
        // Trimmed from the stream while pending (Redis 6.2 still returns it; 7 drops it itself).
        await connection.xack(stream, group, id);
        continue;
      }
      const event = parse(fields);
      if (!event) {
        logger.error({ group, entryId: id }, 'unreadable event in the stream; acknowledged without handling');
        await connection.xack(stream, group, id);
        continue;
      }
      try {
        await handler(event);
      } catch (error) {
        logger.warn({ err: error, group, eventId: event.id }, 'event handler failed; it will be delivered again');
        continue;
      }
      await connection.xack(stream, group, id);
    }
  }

  async function claimIdle(): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, entries] = (await connection.xautoclaim(
        stream,
        group,
        consumer,
        claimIdleMs,
        cursor,
        'COUNT',
        batchSize,
      )) as [string, StreamEntry[]];
      await handle(entries);
      cursor = next;
    } while (cursor !== '0-0' && running);
  }

  async function readNew(): Promise<StreamEntry[]> {
    reading = true;
    try {
      const reply = (await connection.xreadgroup(
        'GROUP',
        group,
        consumer,
        'COUNT',
        batchSize,
        'BLOCK',
        blockMs,
        'STREAMS',
        stream,
        '>',
      )) as [string, StreamEntry[]][] | null;
      return reply?.[0]?.[1] ?? [];
    } finally {
      reading = false;
    }
  }

  const loop = (async () => {
    const claimEveryMs = Math.min(claimIdleMs, 5_000);
    let lastClaim = 0;
    while (running) {
      try {
        if (Date.now() - lastClaim >= claimEveryMs) {
          lastClaim = Date.now();
          await claimIdle();
        }
        await handle(await readNew());
      } catch (error) {
        if (!running) return;
        logger.warn({ err: error, group }, 'reading the event stream failed; retrying');
        await pause(500);
        if (String(error).includes('NOGROUP')) await options.recreateGroup().catch(() => {});
      }
    }
  })();

  return {
    async stop() {
      running = false;
      wake();
      // A blocked read would hold on for up to blockMs: cut it off. A handler in flight finishes.
      if (reading) connection.disconnect();
      await loop;
      connection.disconnect();
    },
  };
}

function parse(fields: string[]): DomainEvent | undefined {
  const index = fields.indexOf('event');
  const json = index >= 0 ? fields[index + 1] : undefined;
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as DomainEvent;
  } catch {
    return undefined;
  }
}
