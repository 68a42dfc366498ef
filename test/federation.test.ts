import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateStoreDocument, CurrentTenantDocument, MeDocument, StoresDocument } from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import type { DomainEvent } from '../common/events/domain-event.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];

describe('one query through the gateway', () => {
  it("answers with stores from orders and their tenant's name from tenant", async () => {
    const manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
    const { stores } = await manager.request(StoresDocument, { first: 10 });
    expect(stores.totalCount).toBe(demo.stores.length);
    expect(stores.edges.map((edge) => edge.node.name).sort()).toEqual(demo.stores.map((store) => store.name).sort());
    for (const { node } of stores.edges) expect(node.tenant).toMatchObject({ name: demo.name, slug: demo.slug });
  });

  it('shows each signed-in user their own tenant and role', async () => {
    const barista = await signInAs(platform.gatewayUrl, rival, 'BARISTA');
    expect((await barista.request(MeDocument)).me).toMatchObject({ role: 'BARISTA' });
    expect((await barista.request(CurrentTenantDocument)).currentTenant).toMatchObject({ slug: rival.slug });
    const { stores } = await barista.request(StoresDocument, {});
    expect(stores.edges.map((edge) => edge.node.tenant.slug)).toEqual(rival.stores.map(() => rival.slug));
  });

  it('pages through a connection with first/after', async () => {
    const manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
    const firstPage = await manager.request(StoresDocument, { first: 2 });
    expect(firstPage.stores.edges).toHaveLength(2);
    expect(firstPage.stores.pageInfo.hasNextPage).toBe(true);
    const secondPage = await manager.request(StoresDocument, { first: 2, after: firstPage.stores.pageInfo.endCursor });
    expect(secondPage.stores.edges.map((edge) => edge.node.id)).not.toContain(firstPage.stores.edges[0]!.node.id);
  });

  it('refuses a page larger than the maximum with BAD_USER_INPUT', async () => {
    const manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
    const result = await manager.execute(StoresDocument, { first: 1000 });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('a mutation through the gateway', () => {
  it('creates a store once per idempotency key and publishes StoreCreated once it commits', async () => {
    const received: DomainEvent[] = [];
    const unsubscribe = await platform.bus.subscribe('federation-test', async (event) => void received.push(event));
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const input = { name: 'Harbour Kiosk', timezone: 'Europe/Lisbon', currency: 'eur', idempotencyKey: 'harbour-1' };

    const first = await owner.request(CreateStoreDocument, { input });
    const repeat = await owner.request(CreateStoreDocument, { input });
    expect(first.createStore.errors).toEqual([]);
    expect(first.createStore.store).toMatchObject({
      name: 'Harbour Kiosk',
      currency: 'EUR',
      tenant: { name: demo.name },
    });
    expect(repeat.createStore.store!.id).toBe(first.createStore.store!.id);

    const storesCreated = () =>
      received.filter((event) => event.type === 'StoreCreated' && event.aggregateId === first.createStore.store!.id);
    await expect.poll(storesCreated).toHaveLength(1);
    expect(storesCreated()[0]).toMatchObject({
      tenantId: demo.id,
      aggregateId: first.createStore.store!.id,
      source: 'orders',
    });
    await unsubscribe();
  });

  it('answers bad input with UserErrors and writes nothing', async () => {
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const before = (await owner.request(StoresDocument, {})).stores.totalCount;
    const { createStore } = await owner.request(CreateStoreDocument, {
      input: { name: ' ', timezone: 'Mars/Olympus', currency: 'XYZ', idempotencyKey: 'bad-1' },
    });
    expect(createStore.store).toBeNull();
    expect(createStore.errors.map((error) => error.code).sort()).toEqual([
      'INVALID_CURRENCY',
      'INVALID_NAME',
      'INVALID_TIMEZONE',
    ]);
    expect((await owner.request(StoresDocument, {})).stores.totalCount).toBe(before);
  });

  it('refuses a store from a role that may not open one, and from an anonymous caller', async () => {
    const barista = await signInAs(platform.gatewayUrl, demo, 'BARISTA');
    const input = { name: 'Nope', timezone: 'UTC', currency: 'USD', idempotencyKey: 'nope' };
    expect((await barista.execute(CreateStoreDocument, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    barista.setToken(undefined);
    expect((await barista.execute(CreateStoreDocument, { input })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
