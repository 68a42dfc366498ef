import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRedisConnection } from '../redis/redis-connection.ts';
import type { DomainEvent } from './domain-event.ts';
import type { EventBus, EventHandler } from './event-bus.ts';

export interface RedisStreamsEventBusOptions {
  url: string;
  prefix: string;
  logger: Logger;
  /** A pending entry idle this long is taken over: its consumer died or its handler failed. */
  claimIdleMs?: number;
  blockMs?: number;
  /** The stream is trimmed to about this many entries. */
  maxLength?: number;
}

type StreamEntry = [id: string, fields: string[]];

/**
 * Redis Streams with consumer groups: every group sees every event, each instance of a group takes
 * a share, an entry is acknowledged only after its handler succeeds, and entries a dead or failing
 * consumer left pending are claimed again after `claimIdleMs`.
 */
export function createRedisStreamsEventBus(options: RedisStreamsEventBusOptions): EventBus {
  const { prefix, logger, claimIdleMs = 30_000, blockMs = 2_000, maxLength = 1_000_000 } = options;
  const stream = `${prefix}events`;
  const publisher = createRedisConnection(options.url, 'events-publisher');
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
      const connection = createRedisConnection(options.url, `events-${group}`);
      const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
      try {
        await connection.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
      } catch (error) {
        if (!String(error).includes('BUSYGROUP')) throw error;
      }
      let running = true;
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
      });
      const stop = async () => {
        running = false;
        connection.disconnect();
        await loop;
        consumers.delete(stop);
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
}

async function consume(options: ConsumeOptions): Promise<void> {
  const { connection, stream, group, consumer, logger, claimIdleMs, blockMs, isRunning } = options;
  let lastClaim = 0;
  while (isRunning()) {
    try {
      if (Date.now() - lastClaim >= Math.min(claimIdleMs, 5_000)) {
        lastClaim = Date.now();
        const [, claimed] = (await connection.xautoclaim(stream, group, consumer, claimIdleMs, '0-0', 'COUNT', 50)) as [
          string,
          StreamEntry[],
        ];
        await handleEntries(options, claimed);
      }
      const reply = (await connection.xreadgroup(
        'GROUP',
        group,
        consumer,
        'COUNT',
        50,
        'BLOCK',
        blockMs,
        'STREAMS',
        stream,
        '>',
      )) as [string, StreamEntry[]][] | null;
      if (reply) await handleEntries(options, reply[0]![1]);
    } catch (error) {
      if (!isRunning()) return;
      logger.warn({ err: error, group }, 'event stream read failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function handleEntries({ connection, stream, group, handler, logger }: ConsumeOptions, entries: StreamEntry[]) {
  for (const [id, fields] of entries) {
    if (!fields) {
      // Trimmed away while pending: nothing left to handle.
      await connection.xack(stream, group, id);
      continue;
    }
    const event = JSON.parse(fields[fields.indexOf('event') + 1]!) as DomainEvent;
    try {
      await handler(event);
      await connection.xack(stream, group, id);
    } catch (error) {
      logger.warn({ err: error, group, eventId: event.id }, 'event handler failed; it will be redelivered');
    }
  }
}
