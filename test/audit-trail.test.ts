import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEventsDocument, CreateStoreDocument, MeDocument, type GoCoffeeClient } from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { signInAs } from './support/sign-in.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
let owner: GoCoffeeClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  owner = await signInAs(platform.gatewayUrl, DEMO_TENANTS[0]!, 'OWNER');
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const storeInput = (key: string, name = 'Audited Kiosk') => ({
  input: { name, timezone: 'Europe/Madrid', currency: 'EUR', idempotencyKey: key },
});
const eventsOf = async (client: GoCoffeeClient, operation: string) =>
  (await client.request(AuditEventsDocument, { filter: { operation }, first: 50 })).auditEvents.edges.map(
    (edge) => edge.node,
  );

describe('the audit trail', () => {
  it('records a mutation made in another subgraph: who, what, which ids, how it ended, from where', async () => {
    const { me } = await owner.request(MeDocument);
    const { createStore } = await owner.request(CreateStoreDocument, storeInput('audited-1'));
    await expect
      .poll(async () => (await eventsOf(owner, 'createStore')).filter((event) => event.outcome === 'SUCCEEDED'))
      .toHaveLength(1);
    const [event] = await eventsOf(owner, 'createStore');
    expect(event).toMatchObject({
      subgraph: 'orders',
      actorKind: 'user',
      actorId: me!.id,
      outcome: 'SUCCEEDED',
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(event!.targetIds).toContain(createStore.store!.id);
  });

  it('records refusals and rejected input too', async () => {
    const barista = await signInAs(platform.gatewayUrl, demo, 'BARISTA');
    await barista.execute(CreateStoreDocument, storeInput('audited-denied'));
    await owner.request(CreateStoreDocument, storeInput('audited-rejected', ' '));
    await expect
      .poll(async () => (await eventsOf(owner, 'createStore')).map((event) => event.outcome).sort())
      .toEqual(['DENIED', 'REJECTED', 'SUCCEEDED']);
  });

  it('shows a tenant only its own trail, and only to OWNER and ADMIN', async () => {
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    expect(await eventsOf(rivalOwner, 'createStore')).toEqual([]);
    const barista = await signInAs(platform.gatewayUrl, demo, 'BARISTA');
    const refused = await barista.execute(AuditEventsDocument, {});
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('cannot be edited or deleted by the application', async () => {
    const tenantDatabase = subgraphDatabase(platform, 'tenant');
    await expect(
      tenantDatabase.transaction(demo.id, (manager) =>
        manager.query(`UPDATE tenant.audit_events SET outcome = 'SUCCEEDED'`),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      tenantDatabase.transaction(demo.id, (manager) => manager.query(`DELETE FROM tenant.audit_events`)),
    ).rejects.toThrow(/permission denied/);
  });
});
