import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { connectTo as connectClient, subscribe } from './support/subscription-client.ts';
import { startSubscriptionFixtures, type SubscriptionFixtures } from './support/subscription-fixtures.ts';
import { accessTokenFor, startFixtureGateway, type FixtureGateway } from './support/subscription-gateway.ts';

let fixtures: SubscriptionFixtures;
let gateway: FixtureGateway;
let bearer: string;
beforeAll(async () => {
  fixtures = await startSubscriptionFixtures();
  fixtures.stores.set('store-1', { id: 'store-1', name: 'Harbour Street' });
  fixtures.stores.set('store-2', { id: 'store-2', name: 'Station Kiosk' });
  gateway = await startFixtureGateway(fixtures);
  bearer = `Bearer ${await accessTokenFor(fixtures, { userId: 'barista-7' })}`;
});
const clients: Client[] = [];
const connectTo = (...args: Parameters<typeof connectClient>) => {
  const client = connectClient(...args);
  clients.push(client);
  return client;
};
// Each test starts with no subscription open upstream, so it can wait for its own.
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await fixtures.upstream.until(0);
});
afterAll(async () => {
  await gateway?.stop();
  await fixtures?.stop();
});

describe('a federated subscription through the gateway', () => {
  it('delivers each event with the field another subgraph owns joined in', async () => {
    const client = connectTo(gateway.wsUrl, bearer);
    const stream = subscribe(client, 'subscription { ticketUpdated(storeId: "store-1") { id status store { name } } }');
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't1', status: 'BREWING', storeId: 'store-1' });
    await fixtures.publish({ id: 't1', status: 'READY', storeId: 'store-1' });
    expect(await stream.next()).toEqual({
      data: { ticketUpdated: { id: 't1', status: 'BREWING', store: { name: 'Harbour Street' } } },
    });
    expect(await stream.next()).toEqual({
      data: { ticketUpdated: { id: 't1', status: 'READY', store: { name: 'Harbour Street' } } },
    });
    stream.unsubscribe();
    await client.dispose();
  });

  it('honours variables, fragments, aliases and @include as a query would', async () => {
    const client = connectTo(gateway.wsUrl, bearer);
    const query = `
      subscription Kitchen($store: ID!, $withStore: Boolean!) {
        order: ticketUpdated(storeId: $store) {
          ...TicketParts
          shop: store @include(if: $withStore) { title: name }
        }
      }
      fragment TicketParts on Ticket { ref: id status }
    `;
    const withStore = subscribe(client, query, { store: 'store-2', withStore: true }, 'Kitchen');
    const withoutStore = subscribe(client, query, { store: 'store-2', withStore: false }, 'Kitchen');
    await fixtures.upstream.until(2);
    await fixtures.publish({ id: 't-elsewhere', status: 'NEW', storeId: 'store-1' });
    await fixtures.publish({ id: 't2', status: 'NEW', storeId: 'store-2' });
    expect(await withStore.next()).toEqual({
      data: { order: { ref: 't2', status: 'NEW', shop: { title: 'Station Kiosk' } } },
    });
    expect(await withoutStore.next()).toEqual({ data: { order: { ref: 't2', status: 'NEW' } } });
    await client.dispose();
  });

  it('serves the subscription upstream as the client, in the identity the gateway signed', async () => {
    const client = connectTo(gateway.wsUrl, bearer);
    const stream = subscribe(client, 'subscription { ticketUpdated(storeId: "store-1") { servedTo } }');
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't3', status: 'NEW', storeId: 'store-1' });
    expect(await stream.next()).toEqual({ data: { ticketUpdated: { servedTo: 'barista-7' } } });
    expect(fixtures.upstream.servedTo.at(-1)).toBe('barista-7');
    await client.dispose();
  });

  it('passes on what the subgraph rules say to an anonymous subscriber, and holds nothing open', async () => {
    const client = connectTo(gateway.wsUrl);
    const stream = subscribe(client, 'subscription { ticketUpdated(storeId: "store-1") { id } }');
    const event = await stream.next();
    expect(event.data).toBeNull();
    expect(event.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(await stream.ended).toEqual({});
    expect(fixtures.upstream.open).toBe(0);
  });

  it('stops the upstream subscription as soon as the client unsubscribes, without waiting for an event', async () => {
    const client = connectTo(gateway.wsUrl, bearer);
    const stream = subscribe(client, 'subscription { ticketUpdated(storeId: "store-1") { id } }');
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't4', status: 'NEW', storeId: 'store-1' });
    await stream.next();
    stream.unsubscribe();
    // Nothing more is published: only an unsubscribe passed on at once lets this resolve.
    await fixtures.upstream.until(0);
    expect(fixtures.upstream.open).toBe(0);
    await client.dispose();
  });

  it('ends the upstream subscription when the client disconnects abruptly', async () => {
    const client = connectTo(gateway.wsUrl, bearer);
    subscribe(client, 'subscription { ticketUpdated(storeId: "store-1") { id } }');
    await fixtures.upstream.until(1);
    client.terminate();
    await fixtures.upstream.until(0);
    expect(fixtures.upstream.open).toBe(0);
  });
});

describe('errors of a federated subscription', () => {
  it('come back from the join as on the query path: the field null and an error with its path', async () => {
    const client = connectTo(gateway.wsUrl, bearer);
    const stream = subscribe(
      client,
      'subscription { ticketUpdated(storeId: "store-1") { id store { name secretRecipe } } }',
    );
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't5', status: 'NEW', storeId: 'store-1' });
    const event = await stream.next();

    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer },
      body: JSON.stringify({ query: '{ ticketUpdated: ticket(id: "t5") { id store { name secretRecipe } } }' }),
    });
    const viaQuery = (await response.json()) as object;
    expect(event).toEqual(viaQuery);
    expect(event).toEqual({
      data: { ticketUpdated: { id: 't5', store: { name: 'Harbour Street', secretRecipe: null } } },
      errors: [
        { message: 'Not allowed', path: ['ticketUpdated', 'store', 'secretRecipe'], extensions: { code: 'FORBIDDEN' } },
      ],
    });
    await client.dispose();
  });

  it('keep the subscription going: the next event arrives as usual', async () => {
    const client = connectTo(gateway.wsUrl, bearer);
    const stream = subscribe(client, 'subscription { ticketUpdated(storeId: "store-1") { id store { name broken } } }');
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't6', status: 'NEW', storeId: 'store-1' });
    await fixtures.publish({ id: 't7', status: 'NEW', storeId: 'store-1' });
    const first = await stream.next();
    const second = await stream.next();
    expect(first.data).toEqual({ ticketUpdated: { id: 't6', store: { name: 'Harbour Street', broken: null } } });
    expect(second.data).toEqual({ ticketUpdated: { id: 't7', store: { name: 'Harbour Street', broken: null } } });
    expect(first.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
    await client.dispose();
  });

  it('mask an internal fault in production: a generic message with a request id, no stack trace', async () => {
    const production = await startFixtureGateway(fixtures, { env: { NODE_ENV: 'production' } });
    try {
      const client = connectTo(production.wsUrl, bearer);
      const stream = subscribe(client, 'subscription { ticketUpdated(storeId: "store-1") { id store { broken } } }');
      await fixtures.upstream.until(1);
      await fixtures.publish({ id: 't-fault', status: 'NEW', storeId: 'store-1' });
      const { errors } = await stream.next();
      expect(errors).toEqual([
        {
          message: 'Internal server error',
          path: ['ticketUpdated', 'store', 'broken'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
        },
      ]);
      await client.dispose();
    } finally {
      await production.stop();
    }
  });

  it.each([
    ['a document that does not parse', 'subscription {', {}, 'GRAPHQL_PARSE_FAILED'],
    [
      'a field the schema lacks',
      'subscription { ticketUpdated(storeId: "s") { flavour } }',
      {},
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      '@include with a variable on the root field',
      'subscription($on: Boolean!) { ticketUpdated(storeId: "s") @include(if: $on) { id } }',
      { on: true },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['a missing variable', 'subscription($s: ID!) { ticketUpdated(storeId: $s) { id } }', {}, 'BAD_USER_INPUT'],
    [
      'a variable of the wrong type',
      'subscription($s: ID!) { ticketUpdated(storeId: $s) { id } }',
      { s: {} },
      'BAD_USER_INPUT',
    ],
    ['a query', '{ store(id: "store-1") { name } }', {}, 'BAD_REQUEST'],
  ])('refuse %s with an error and keep the connection open', async (_case, query, variables, code) => {
    const client = connectTo(gateway.wsUrl, bearer);
    const refused = subscribe(client, query, variables);
    const { error } = await refused.ended;
    expect((error as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe(code);

    const stream = subscribe(client, 'subscription { ticketUpdated(storeId: "store-2") { id } }');
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't8', status: 'NEW', storeId: 'store-2' });
    expect(await stream.next()).toEqual({ data: { ticketUpdated: { id: 't8' } } });
    await client.dispose();
  });
});

describe('a subscription sent over HTTP', () => {
  it('is refused with 400 and a BAD_REQUEST error', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer },
      body: JSON.stringify({ query: 'subscription { ticketUpdated(storeId: "store-1") { id } }' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
  });
});
