import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../common/identity/api-key-format.ts';
import { CLOSE_CODES } from '../gateway/subscriptions/subscription-server.ts';
import { connectTo as connectClient, openRawSocket, subscribe } from './support/subscription-client.ts';
import { startSubscriptionFixtures, type SubscriptionFixtures } from './support/subscription-fixtures.ts';
import { accessTokenFor, startFixtureGateway, type FixtureGateway } from './support/subscription-gateway.ts';

const MAX_PENDING_EVENTS = 5;

let fixtures: SubscriptionFixtures;
let gateway: FixtureGateway;
let bearer: string;
beforeAll(async () => {
  fixtures = await startSubscriptionFixtures();
  fixtures.stores.set('store-1', { id: 'store-1', name: 'Harbour Street' });
  gateway = await startFixtureGateway(fixtures, { subscriptionLimits: { maxPendingEvents: MAX_PENDING_EVENTS } });
  bearer = `Bearer ${await accessTokenFor(fixtures)}`;
});
const clients: Client[] = [];
const connectTo = (...args: Parameters<typeof connectClient>) => {
  const client = connectClient(...args);
  clients.push(client);
  return client;
};
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await fixtures.upstream.until(0);
});
afterAll(async () => {
  await gateway?.stop();
  await fixtures?.stop();
});

const TICKETS = 'subscription { ticketUpdated(storeId: "store-1") { id store { name } } }';
const codeOf = (error: unknown) => (error as { extensions?: { code?: string } }[])[0]?.extensions?.code;
const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('a client that reads too slowly', () => {
  it(`is closed with ${CLOSE_CODES.TOO_MANY_PENDING_EVENTS} once ${MAX_PENDING_EVENTS} events wait for it, while a reading client of the same subscription gets every event`, async () => {
    const query = 'subscription { ticketUpdated(storeId: "store-1") { id note } }';
    const reader = subscribe(connectTo(gateway.wsUrl, bearer), query);
    const slow = await openRawSocket(gateway.wsUrl);
    slow.send({ type: 'connection_init', payload: { authorization: bearer } });
    await slow.message();
    slow.send({ id: 'slow', type: 'subscribe', payload: { query } });
    await expect.poll(() => gateway.metric('graphql_subscriptions_active')).toBe(2);
    await fixtures.upstream.until(1);
    // Stop reading: the socket's buffers fill, then events wait in the gateway.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();

    const note = 'x'.repeat(256 * 1024);
    let published = 0;
    while ((await gateway.metric('graphql_subscriptions_active')) > 1 && published < 200) {
      await fixtures.publish({ id: `t${++published}`, status: 'NEW', storeId: 'store-1', note });
      await pause();
    }
    expect(await gateway.metric('graphql_subscriptions_active')).toBe(1);

    for (let id = 1; id <= published; id++)
      expect((await reader.next()).data).toEqual({ ticketUpdated: { id: `t${id}`, note } });

    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    let delivered = 0;
    slow.socket.on('message', () => (delivered += 1));
    const closed = await slow.closed;
    expect(closed.code).toBe(CLOSE_CODES.TOO_MANY_PENDING_EVENTS);
    expect(delivered).toBeLessThan(published);
  });
});

describe('a subgraph that goes away', () => {
  it('ends the subscriptions it served with SERVICE_UNAVAILABLE when it crashes, and the gateway carries on', async () => {
    const stream = subscribe(connectTo(gateway.wsUrl, bearer), TICKETS);
    await fixtures.upstream.until(1);
    fixtures.orders.cutConnections();
    expect(codeOf((await stream.ended).error)).toBe('SERVICE_UNAVAILABLE');

    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer },
      body: JSON.stringify({ query: '{ store(id: "store-1") { name } }' }),
    });
    expect(await response.json()).toEqual({ data: { store: { name: 'Harbour Street' } } });

    const retried = subscribe(connectTo(gateway.wsUrl, bearer), TICKETS);
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't-after-crash', status: 'NEW', storeId: 'store-1' });
    expect((await retried.next()).data).toEqual({
      ticketUpdated: { id: 't-after-crash', store: { name: 'Harbour Street' } },
    });
  });

  it('ends them with SERVICE_UNAVAILABLE when it restarts, refuses new ones while it is down, and serves them again once it is back', async () => {
    const client = connectTo(gateway.wsUrl, bearer);
    const stream = subscribe(client, TICKETS);
    await fixtures.upstream.until(1);
    await fixtures.orders.stop();
    try {
      expect(codeOf((await stream.ended).error)).toBe('SERVICE_UNAVAILABLE');
      const whileDown = subscribe(client, TICKETS);
      expect(codeOf((await whileDown.ended).error)).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await fixtures.orders.start();
    }
    const retried = subscribe(client, TICKETS);
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't-after-restart', status: 'NEW', storeId: 'store-1' });
    expect((await retried.next()).data).toEqual({
      ticketUpdated: { id: 't-after-restart', store: { name: 'Harbour Street' } },
    });
  });

  it('answers an event whose join cannot be made as a query would: the field null and the error', async () => {
    const stream = subscribe(connectTo(gateway.wsUrl, bearer), TICKETS);
    await fixtures.upstream.until(1);
    await fixtures.tenant.stop();
    try {
      await fixtures.publish({ id: 't-no-join', status: 'NEW', storeId: 'store-1' });
      const event = await stream.next();
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: bearer },
        body: JSON.stringify({ query: '{ ticketUpdated: ticket(id: "t-no-join") { id store { name } } }' }),
      });
      expect(event.data).toEqual({ ticketUpdated: { id: 't-no-join', store: { name: null } } });
      expect(event).toEqual(await response.json());
    } finally {
      await fixtures.tenant.start();
    }
    await fixtures.publish({ id: 't-joined-again', status: 'NEW', storeId: 'store-1' });
    expect((await stream.next()).data).toEqual({
      ticketUpdated: { id: 't-joined-again', store: { name: 'Harbour Street' } },
    });
  });

  it(`closes a connection with ${CLOSE_CODES.AUTHENTICATION_UNAVAILABLE} (try again later) when its API key cannot be checked`, async () => {
    await fixtures.tenant.stop();
    try {
      const client = connectTo(gateway.wsUrl, `Bearer ${newApiKey().key}`, { lazy: false, onNonLazyError: () => {} });
      const code = await new Promise<number>((resolve) =>
        client.on('closed', (event) => resolve((event as { code: number }).code)),
      );
      expect(code).toBe(CLOSE_CODES.AUTHENTICATION_UNAVAILABLE);
    } finally {
      await fixtures.tenant.start();
    }
  });
});
