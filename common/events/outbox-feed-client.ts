import type { KeyObject } from 'node:crypto';
import { EVENT_FEED_TOKEN_HEADER, signEventFeedToken } from '../identity/event-feed-token.ts';
import type { EventPage, EventSource } from './outbox-feed.ts';

/** A source's outbox over its `/internal/events` route; `baseUrl` is any URL of the service (its /graphql). */
export function httpEventSource(
  source: string,
  baseUrl: () => string,
  reader: string,
  signingKey: KeyObject,
): EventSource {
  return {
    name: source,
    async page({ after, limit, tenantId }) {
      const url = new URL('/internal/events', baseUrl());
      if (after) url.searchParams.set('after', after);
      url.searchParams.set('limit', String(limit));
      if (tenantId) url.searchParams.set('tenant', tenantId);
      const response = await fetch(url, {
        headers: { [EVENT_FEED_TOKEN_HEADER]: await signEventFeedToken(reader, source, signingKey) },
        signal: AbortSignal.timeout(30_000),
      });
      if (!response.ok) throw new Error(`${source} event feed answered ${response.status}`);
      return (await response.json()) as EventPage;
    },
  };
}
