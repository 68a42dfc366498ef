import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { createRedisConnection } from '../redis/redis-connection.ts';
import type { DomainEvent } from './domain-event.ts';
import type { EventBus, EventHandler } from './event-bus.ts';

export type RedisStreamsEventBusOptions = ({ url: string } | { connect: (name: string) => Redis }) & {
  /** The stream is `${prefix}events`. */
  prefix: string;
  logger?: Logger;
  /** A pending entry idle this long is taken over: its consumer died or its handler failed. */
  claimIdleMs?: number;
  blockMs?: number;
  /** The stream is trimmed to about this many entries. */
  maxLength?: number;
};

/** Fields are null for an entry trimmed from the stream while pending (Redis 6.2). */
type StreamEntry = [id: string, fields: string[] | null];

/**
 * Redis Streams with consumer groups: every group sees every event still in the stream, even one
 * published before the group first subscribed; each instance of a group takes a share; an entry is
 * acknowledged only after its handler succeeds; entries a dead or failing consumer left pending are
 * claimed again after `claimIdleMs`. Each subscription blocks on a connection of its own.
 */
export function createRedisStreamsEventBus(options: RedisStreamsEventBusOptions): EventBus {
  const {
    prefix,
    logger = pino({ enabled: false }),
    claimIdleMs = 30_000,
    blockMs = 2_000,
    maxLength = 1_000_000,
  } = options;
  const stream = `${prefix}events`;
  const connect = (name: string) => {
    const connection = 'connect' in options ? options.connect(name) : createRedisConnection(options.url, name);
    connection.on('error', (error: unknown) => logger.warn({ err: error, connection: name }, 'Redis connection error'));
    return connection;
  };
  const publisher = connect('events-publisher');
  const consumers = new Set<() => Promise<void>>();

  return {
    async publish(events) {
      if (events.length === 0) return;
      const pipeline = publisher.pipeline();
      for (const event of events) {
        pipeline.xadd(stream, 'MAXLEN', '~', String(maxLength), '*', 'event', JSON.stringify(event));
      }
      const results = (await pipeline.exec()) ?? [];
      const failure = results.find(([error]) => error);
      if (failure) throw failure[0];
    },

    async subscribe(group, handler) {
      const connection = connect(`events-${group}`);
      const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
      try {
        // From the start of the stream, not '$': a group whose service starts after others have
        // published (a first deploy) still gets those events; consumers are idempotent anyway.
        await connection.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
      } catch (error) {
        if (!String(error).includes('BUSYGROUP')) {
          connection.disconnect();
          throw error;
        }
      }
      let running = true;
      let reading = false;
      let wake = () => {};
      const stopping = new Promise<void>((resolve) => (wake = resolve));
      const loop = consume({
        connection,
        stream,
        group,
        consumer,
        handler,
        logger,
        claimIdleMs,
        blockMs,
        isRunning: () => running,
        setReading: (value) => (reading = value),
        stopping,
      });
      const stop = async () => {
        if (!consumers.delete(stop)) return;
        running = false;
        wake();
        // A blocked read would hold on for up to blockMs: cut it off. A handler in flight finishes
        // and acknowledges first.
        if (reading) connection.disconnect();
        await loop;
        connection.disconnect();
      };
      consumers.add(stop);
      return stop;
    },

    async close() {
      await Promise.all([...consumers].map((stop) => stop()));
      publisher.disconnect();
    },
  };
}

interface ConsumeOptions {
  connection: Redis;
  stream: string;
  group: string;
  consumer: string;
  handler: EventHandler;
  logger: Logger;
  claimIdleMs: number;
  blockMs: number;
  isRunning(): boolean;
  setReading(reading: boolean): void;
  /** Resolves when the subscription stops, to cut a pause short. */
  stopping: Promise<void>;
}

async function consume(options: ConsumeOptions): Promise<void> {
  const { connection, stream, group, consumer, logger, claimIdleMs, blockMs, isRunning, setReading } = options;
  let lastClaim = 0;
  while (isRunning()) {
    try {
      if (Date.now() - lastClaim >= Math.min(claimIdleMs, 5_000)) {
        lastClaim = Date.now();
        let cursor = '0-0';
        do {
          const [next, claimed] = (await connection.xautoclaim(
            stream,
            group,
            consumer,
            claimIdleMs,
            cursor,
            'COUNT',
            50,
          )) as [string, StreamEntry[]];
          await handleEntries(options, claimed);
          cursor = next;
        } while (cursor !== '0-0' && isRunning());
      }
      setReading(true);
      const reply = (await connection
        .xreadgroup('GROUP', group, consumer, 'COUNT', 50, 'BLOCK', blockMs, 'STREAMS', stream, '>')
        .finally(() => setReading(false))) as [string, StreamEntry[]][] | null;
      if (reply) await handleEntries(options, reply[0]![1]);
    } catch (error) {
      if (!isRunning()) return;
      logger.warn({ err: error, group }, 'event stream read failed; retrying');
      await Promise.race([options.stopping, new Promise((resolve) => setTimeout(resolve, 500).unref())]);
    }
  }
}

async function handleEntries(options: ConsumeOptions, entries: StreamEntry[]): Promise<void> {
  const { connection, stream, group, handler, logger, isRunning } = options;
  for (const [id, fields] of entries) {
    // Entries not reached stay pending and are claimed once idle.
    if (!isRunning()) return;
    if (!fields) {
      // Trimmed away while pending: nothing left to handle.
      await connection.xack(stream, group, id);
      continue;
    }
    const event = parseEvent(fields);
    if (!event) {
      logger.error({ group, entryId: id }, 'unreadable entry in the event stream; acknowledged unhandled');
      await connection.xack(stream, group, id);
      continue;
    }
    try {
      await handler(event);
    } catch (error) {
      logger.warn({ err: error, group, eventId: event.id }, 'event handler failed; it will be redelivered');
      continue;
    }
    await connection.xack(stream, group, id);
  }
}

function parseEvent(fields: string[]): DomainEvent | undefined {
  const index = fields.indexOf('event');
  const json = index === -1 ? undefined : fields[index + 1];
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as DomainEvent;
  } catch {
    return undefined;
  }
}
