import type { Client } from 'graphql-ws';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_KEY_REVOKED_TOPIC, newApiKey } from '../common/identity/api-key-format.ts';
import { connectTo as connectClient, openRawSocket, subscribe } from './support/subscription-client.ts';
import { startSubscriptionFixtures, type SubscriptionFixtures } from './support/subscription-fixtures.ts';
import { accessTokenFor, startFixtureGateway, type FixtureGateway } from './support/subscription-gateway.ts';

let fixtures: SubscriptionFixtures;
let gateway: FixtureGateway;
beforeAll(async () => {
  fixtures = await startSubscriptionFixtures();
  fixtures.stores.set('store-1', { id: 'store-1', name: 'Harbour Street' });
  gateway = await startFixtureGateway(fixtures, { subscriptionLimits: { connectionInitWaitMs: 300 } });
});
const clients: Client[] = [];
const connectTo = (...args: Parameters<typeof connectClient>) => {
  const client = connectClient(...args);
  clients.push(client);
  return client;
};
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await fixtures.upstream.until(0);
});
afterAll(async () => {
  await gateway?.stop();
  await fixtures?.stop();
});

const TICKETS = 'subscription { ticketUpdated(storeId: "store-1") { id servedTo store { name } } }';
const codeOf = (error: unknown) => (error as { extensions?: { code?: string } }[])[0]?.extensions?.code;
const closeCodeOf = (client: Client) =>
  new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));

async function ssoToken(): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer('https://login.example-roasters.test')
    .setSubject('oidc-user')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(privateKey);
}

describe('authentication on connection_init', () => {
  it('accepts an access token, and the subgraph serves that user', async () => {
    const token = await accessTokenFor(fixtures, { userId: 'manager-1' });
    const stream = subscribe(connectTo(gateway.wsUrl, `Bearer ${token}`), TICKETS);
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't1', status: 'NEW', storeId: 'store-1' });
    expect((await stream.next()).data).toEqual({
      ticketUpdated: { id: 't1', servedTo: 'manager-1', store: { name: 'Harbour Street' } },
    });
  });

  it('accepts an API key the tenant service vouches for', async () => {
    const { key } = newApiKey();
    fixtures.apiKeys.set(key, { tenantId: 'tenant-1', scopes: ['orders:read'], tier: 'PRO' });
    const stream = subscribe(connectTo(gateway.wsUrl, `Bearer ${key}`), TICKETS);
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't2', status: 'NEW', storeId: 'store-1' });
    expect((await stream.next()).data).toEqual({
      ticketUpdated: { id: 't2', servedTo: 'api_key', store: { name: 'Harbour Street' } },
    });
  });

  it("accepts a token of a tenant's own identity provider", async () => {
    const token = await ssoToken();
    fixtures.ssoTokens.set(token, {
      userId: 'sso-user',
      tenantId: 'tenant-1',
      role: 'BARISTA',
      tier: 'PRO',
      expiresAt: Date.now() + 600_000,
    });
    const stream = subscribe(connectTo(gateway.wsUrl, `Bearer ${token}`), TICKETS);
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't3', status: 'NEW', storeId: 'store-1' });
    expect((await stream.next()).data?.ticketUpdated).toMatchObject({ servedTo: 'sso-user' });
  });

  it.each([
    ['a token it did not issue', async () => 'Bearer aaa.bbb.ccc'],
    ['an expired access token', async () => `Bearer ${await accessTokenFor(fixtures, {}, -10)}`],
    ['an API key nobody issued', async () => `Bearer ${newApiKey().key}`],
    ['a token of an identity provider no tenant connected', async () => `Bearer ${await ssoToken()}`],
    ['an Authorization that is not a bearer token', async () => 'Basic dXNlcjpwYXNz'],
  ])('closes the connection with 4403 for %s', async (_case, authorization) => {
    const client = connectTo(gateway.wsUrl, await authorization(), { lazy: false, onNonLazyError: () => {} });
    expect(await closeCodeOf(client)).toBe(4403);
  });
});

describe('the graphql-ws protocol', () => {
  it('closes with 4408 when no connection_init comes in time', async () => {
    const socket = await openRawSocket(gateway.wsUrl);
    expect((await socket.closed).code).toBe(4408);
  });

  it('closes with 4429 on a second connection_init', async () => {
    const socket = await openRawSocket(gateway.wsUrl);
    socket.send({ type: 'connection_init', payload: {} });
    expect(await socket.message()).toEqual({ type: 'connection_ack' });
    socket.send({ type: 'connection_init', payload: {} });
    expect((await socket.closed).code).toBe(4429);
  });

  it('closes with 4409 when a subscription id is already in use', async () => {
    const socket = await openRawSocket(gateway.wsUrl);
    const token = await accessTokenFor(fixtures);
    socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await socket.message();
    socket.send({ id: 'same', type: 'subscribe', payload: { query: TICKETS } });
    socket.send({ id: 'same', type: 'subscribe', payload: { query: TICKETS } });
    expect((await socket.closed).code).toBe(4409);
  });

  it('closes with 4401 when a subscribe comes before the connection is acknowledged', async () => {
    const socket = await openRawSocket(gateway.wsUrl);
    socket.send({ id: 'early', type: 'subscribe', payload: { query: TICKETS } });
    expect((await socket.closed).code).toBe(4401);
  });
});

describe('authorization re-checked while subscribed', () => {
  it('ends the subscription with UNAUTHENTICATED when the access token expires, without waiting for an event', async () => {
    const token = await accessTokenFor(fixtures, {}, 1);
    const stream = subscribe(connectTo(gateway.wsUrl, `Bearer ${token}`), TICKETS);
    const { error } = await stream.ended;
    expect(codeOf(error)).toBe('UNAUTHENTICATED');
  });

  it('delivers no event after the access token expired', async () => {
    const token = await accessTokenFor(fixtures, {}, 120);
    const stream = subscribe(connectTo(gateway.wsUrl, `Bearer ${token}`), TICKETS);
    await fixtures.upstream.until(1);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await fixtures.publish({ id: 't-late', status: 'NEW', storeId: 'store-1' });
    await expect(stream.next()).rejects.toSatisfy((error) => codeOf(error) === 'UNAUTHENTICATED');
  });

  it('ends the subscriptions of an API key at once when its revocation is announced', async () => {
    const { key, prefix } = newApiKey();
    fixtures.apiKeys.set(key, { tenantId: 'tenant-1', scopes: ['orders:read'], tier: 'PRO' });
    const client = connectTo(gateway.wsUrl, `Bearer ${key}`);
    const stream = subscribe(client, TICKETS);
    await fixtures.upstream.until(1);
    fixtures.apiKeys.delete(key);
    await gateway.pubsub.publish(API_KEY_REVOKED_TOPIC, { prefix });
    expect(codeOf((await stream.ended).error)).toBe('UNAUTHENTICATED');

    const again = subscribe(client, TICKETS);
    expect(codeOf((await again.ended).error)).toBe('UNAUTHENTICATED');
  });

  it("keeps a subscription open past the internal token's minute, joins included", async () => {
    const token = await accessTokenFor(fixtures, { userId: 'night-shift' });
    const client = connectTo(gateway.wsUrl, `Bearer ${token}`);
    const stream = subscribe(client, TICKETS);
    await fixtures.upstream.until(1);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3 * 60_000);
    await fixtures.publish({ id: 't-later', status: 'NEW', storeId: 'store-1' });
    expect((await stream.next()).data).toEqual({
      ticketUpdated: { id: 't-later', servedTo: 'night-shift', store: { name: 'Harbour Street' } },
    });

    const another = subscribe(client, 'subscription { ticketUpdated(storeId: "store-1") { status } }');
    await fixtures.upstream.until(2);
    await fixtures.publish({ id: 't-later', status: 'READY', storeId: 'store-1' });
    expect((await another.next()).data).toEqual({ ticketUpdated: { status: 'READY' } });
  });
});
