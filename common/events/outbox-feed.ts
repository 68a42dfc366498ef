import express, { type Router } from 'express';
import type { KeyObject } from 'node:crypto';
import type { Database } from '../database/database.ts';
import { isUuid } from '../database/uuid.ts';
import { EVENT_FEED_TOKEN_HEADER, verifyEventFeedToken } from '../identity/event-feed-token.ts';
import type { DomainEvent } from './domain-event.ts';
import { OutboxEventEntity } from './outbox.ts';

export const MAX_FEED_PAGE = 1_000;

/** One page of a source's outbox, oldest first. */
export interface EventPage {
  events: DomainEvent[];
  /** Where the next page starts: the last event's position, or the one asked from when the page is empty. */
  next: string | null;
  /** How many events there are in all (for the tenant, when one is given); only on the first page. */
  total?: number;
}

export interface PageRequest {
  after: string | null;
  limit: number;
  tenantId?: string | null;
}

/** Something that serves a source's committed events in order: its route, or its database directly. */
export interface EventSource {
  name: string;
  page(request: PageRequest): Promise<EventPage>;
}

// A position is the event's occurred_at to the microsecond and its id: the outbox's total order.
const POSITION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f-]{36})$/i;

export class BadFeedRequestError extends Error {
  override name = 'BadFeedRequestError';
}

/**
 * Reads the outbox after `after`, every row whether published or not: what is committed is history.
 * A row that commits late with an earlier time than a position already read reaches readers through
 * the bus instead, which they subscribe to before they first read here.
 */
export async function readOutboxPage(database: Database, { after, limit, tenantId }: PageRequest): Promise<EventPage> {
  const position = after === null ? null : POSITION.exec(after);
  if (after !== null && (!position || !isUuid(position[2]))) throw new BadFeedRequestError('after: not a position');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_PAGE) {
    throw new BadFeedRequestError(`limit: a whole number from 1 to ${MAX_FEED_PAGE}`);
  }
  if (tenantId != null && !isUuid(tenantId)) throw new BadFeedRequestError('tenant: not an id');
  const table = database.dataSource.getMetadata(OutboxEventEntity).tablePath;
  const inTenant = `($1::uuid IS NULL OR tenant_id = $1)`;
  return database.system(async (manager) => {
    const rows: (Record<string, unknown> & { position: string })[] = await manager.query(
      `SELECT id, tenant_id, type, source, aggregate_id, payload, occurred_at,
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || id AS position
         FROM ${table}
        WHERE ${inTenant} AND ($2::timestamptz IS NULL OR (occurred_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY occurred_at, id LIMIT $4`,
      [tenantId ?? null, position?.[1] ?? null, position?.[2] ?? null, limit],
    );
    const page: EventPage = {
      events: rows.map((row) => ({
        id: row.id as string,
        type: row.type as string,
        source: row.source as string,
        tenantId: row.tenant_id as string | null,
        aggregateId: row.aggregate_id as string,
        occurredAt: (row.occurred_at as Date).toISOString(),
        payload: row.payload,
      })),
      next: rows.at(-1)?.position ?? after,
    };
    if (after === null) {
      const [{ count }] = (await manager.query(`SELECT count(*) AS count FROM ${table} WHERE ${inTenant}`, [
        tenantId ?? null,
      ])) as [{ count: string }];
      page.total = Number(count);
    }
    return page;
  });
}

/** Orders two positions as the outbox does; null (nothing read yet) comes first. */
export function comparePositions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a.toLowerCase() < b.toLowerCase() ? -1 : 1;
}

/** An event's position, as `next` would name it, for events carrying millisecond times (the bus). */
export const positionOf = (event: DomainEvent): string => `${event.occurredAt.replace('Z', '000Z')}_${event.id}`;

export const databaseEventSource = (name: string, database: Database): EventSource => ({
  name,
  page: (request) => readOutboxPage(database, request),
});

/**
 * `GET /internal/events?after=<position>&limit=<n>[&tenant=<id>]`: the source's outbox for services that
 * hold the events key (an `x-event-feed-token` for this source). Never routed by the gateway.
 */
export function eventFeedRoutes(source: string, database: Database, verifyKey: KeyObject): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    const token = req.headers[EVENT_FEED_TOKEN_HEADER];
    try {
      if (typeof token !== 'string' || !token) throw new Error('missing token');
      await verifyEventFeedToken(token, source, verifyKey);
    } catch {
      res
        .status(401)
        .json({ error: { code: 'UNAUTHENTICATED', message: 'An event feed token for this source is required' } });
      return;
    }
    const text = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : null);
    try {
      const page = await readOutboxPage(database, {
        after: text('after'),
        limit: Number(text('limit') ?? 500),
        tenantId: text('tenant'),
      });
      res.json(page);
    } catch (error) {
      if (!(error instanceof BadFeedRequestError)) throw error;
      res.status(400).json({ error: { code: 'BAD_USER_INPUT', message: error.message } });
    }
  });
  return router;
}
