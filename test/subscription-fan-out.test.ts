import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectTo as connectClient, subscribe } from './support/subscription-client.ts';
import { startSubscriptionFixtures, type SubscriptionFixtures } from './support/subscription-fixtures.ts';
import { accessTokenFor, startFixtureGateway, type FixtureGateway } from './support/subscription-gateway.ts';

let fixtures: SubscriptionFixtures;
let gateway: FixtureGateway;
let manager: string;
let barista: string;
beforeAll(async () => {
  fixtures = await startSubscriptionFixtures();
  fixtures.stores.set('store-1', { id: 'store-1', name: 'Harbour Street' });
  gateway = await startFixtureGateway(fixtures);
  manager = `Bearer ${await accessTokenFor(fixtures, { userId: 'manager-1', roles: ['MANAGER'] })}`;
  barista = `Bearer ${await accessTokenFor(fixtures, { userId: 'barista-1', roles: ['BARISTA'] })}`;
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
  await expect.poll(() => gateway.metric('graphql_subscriptions_active')).toBe(0);
});
afterAll(async () => {
  await gateway?.stop();
  await fixtures?.stop();
});

const TICKETS = 'subscription Tickets($store: ID!) { ticketUpdated(storeId: $store) { id servedTo store { name } } }';
const active = () => gateway.metric('graphql_subscriptions_active');
const upstreamActive = () => gateway.metric('graphql_subscriptions_upstream_active');

describe('identical subscriptions', () => {
  it('of one identity share one upstream subscription, and every subscriber gets every event', async () => {
    const first = subscribe(connectTo(gateway.wsUrl, manager), TICKETS, { store: 'store-1' });
    const second = subscribe(connectTo(gateway.wsUrl, manager), TICKETS, { store: 'store-1' });
    await expect.poll(active).toBe(2);
    await fixtures.upstream.until(1);
    expect(await upstreamActive()).toBe(1);

    await fixtures.publish({ id: 't1', status: 'NEW', storeId: 'store-1' });
    const expected = {
      data: { ticketUpdated: { id: 't1', servedTo: 'manager-1', store: { name: 'Harbour Street' } } },
    };
    expect(await first.next()).toEqual(expected);
    expect(await second.next()).toEqual(expected);
    expect(fixtures.upstream.open).toBe(1);
  });

  it('keep serving the others when one subscriber leaves, and end upstream when the last does', async () => {
    const leaving = subscribe(connectTo(gateway.wsUrl, manager), TICKETS, { store: 'store-1' });
    const staying = subscribe(connectTo(gateway.wsUrl, manager), TICKETS, { store: 'store-1' });
    await expect.poll(active).toBe(2);
    await fixtures.upstream.until(1);
    leaving.unsubscribe();
    await expect.poll(active).toBe(1);

    await fixtures.publish({ id: 't2', status: 'NEW', storeId: 'store-1' });
    expect((await staying.next()).data?.ticketUpdated).toMatchObject({ id: 't2' });
    staying.unsubscribe();
    await fixtures.upstream.until(0);
    expect(await upstreamActive()).toBe(0);
  });

  it('of different identities each run upstream as their own identity', async () => {
    const managers = subscribe(connectTo(gateway.wsUrl, manager), TICKETS, { store: 'store-1' });
    const baristas = subscribe(connectTo(gateway.wsUrl, barista), TICKETS, { store: 'store-1' });
    await fixtures.upstream.until(2);
    await fixtures.publish({ id: 't3', status: 'NEW', storeId: 'store-1' });
    expect((await managers.next()).data?.ticketUpdated).toMatchObject({ servedTo: 'manager-1' });
    expect((await baristas.next()).data?.ticketUpdated).toMatchObject({ servedTo: 'barista-1' });
  });

  it('with other variables are not shared', async () => {
    subscribe(connectTo(gateway.wsUrl, manager), TICKETS, { store: 'store-1' });
    subscribe(connectTo(gateway.wsUrl, manager), TICKETS, { store: 'store-2' });
    await fixtures.upstream.until(2);
    expect(await upstreamActive()).toBe(2);
  });
});

describe('the usage of a tenant', () => {
  it('counts each subscription as an API call and refuses subscriptions past the allowance with QUOTA_EXCEEDED', async () => {
    fixtures.usageAllowances.set('tenant-on-free', { used: 0, limit: 1 });
    const bearer = `Bearer ${await accessTokenFor(fixtures, { tenantId: 'tenant-on-free' })}`;
    const client = connectTo(gateway.wsUrl, bearer);
    subscribe(client, TICKETS, { store: 'store-1' });
    await fixtures.upstream.until(1);
    // The gateway learns the standing when it next records usage.
    await expect.poll(() => fixtures.usageAllowances.get('tenant-on-free')?.used, { timeout: 10_000 }).toBe(1);
    await expect
      .poll(
        async () => {
          const attempt = subscribe(client, TICKETS, { store: 'store-2' });
          const outcome = await Promise.race([attempt.ended, fixtures.upstream.until(2).then(() => 'admitted')]);
          if (typeof outcome !== 'string') return (outcome.error as { extensions?: unknown }[])[0]?.extensions;
          attempt.unsubscribe();
          await fixtures.upstream.until(1);
          return outcome;
        },
        { timeout: 10_000 },
      )
      .toEqual({ code: 'QUOTA_EXCEEDED', limit: 1, used: 1 });
  });
});

describe('the gateway metrics', () => {
  it('count the active client subscriptions', async () => {
    const client = connectTo(gateway.wsUrl, manager);
    const one = subscribe(client, TICKETS, { store: 'store-1' });
    subscribe(client, TICKETS, { store: 'store-2' });
    await expect.poll(active).toBe(2);
    one.unsubscribe();
    await expect.poll(active).toBe(1);
  });
});
