import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateApiKeyDocument,
  MeDocument,
  RevokeApiKeyDocument,
  StoreDocument,
  StoresDocument,
  createGoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import type { Identity } from '../common/identity/identity.ts';
import { callSubgraphAs } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
describe("tenant A's credentials with tenant B's ids", () => {
  it("find nothing of B's through the gateway", async () => {
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const result = await owner.execute(StoreDocument, { id: rival.stores[0]!.id });
    expect(result.errors).toBeUndefined();
    expect(result.data?.store).toBeNull();
    expect((await owner.request(StoreDocument, { id: demo.stores[0]!.id })).store?.name).toBe(demo.stores[0]!.name);
    const { stores } = await owner.request(StoresDocument, { first: 100 });
    expect(stores.edges.map((edge) => edge.node.tenant.slug)).not.toContain(rival.slug);
  });

  it("cannot revoke B's API key, which keeps working", async () => {
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    const { createApiKey } = await rivalOwner.request(CreateApiKeyDocument, {
      input: { name: 'Rival POS', scopes: ['orders:read'], idempotencyKey: 'rival-pos' },
    });
    const demoOwner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const { revokeApiKey } = await demoOwner.request(RevokeApiKeyDocument, { input: { id: createApiKey.apiKey!.id } });
    expect(revokeApiKey.errors.map((error) => error.code)).toEqual(['NOT_FOUND']);
    const asRivalKey = createGoCoffeeClient({ url: platform.gatewayUrl, token: createApiKey.secret! });
    expect((await asRivalKey.request(StoresDocument, {})).stores.totalCount).toBe(rival.stores.length);
  });

  it("get null for B's entities from _entities sent straight to each subgraph with A's internal token", async () => {
    const demoOwner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const { me } = await demoOwner.request(MeDocument);
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    const { me: rivalMe } = await rivalOwner.request(MeDocument);
    const callerA: Identity = {
      kind: 'user',
      userId: me!.id,
      tenantId: demo.id,
      roles: ['OWNER'],
      scopes: [],
      tier: 'PROFESSIONAL',
    };
    const representations: Record<string, { typename: string; id: string; field: string }[]> = {
      orders: [{ typename: 'Store', id: rival.stores[0]!.id, field: 'name' }],
      tenant: [
        { typename: 'Tenant', id: rival.id, field: 'name' },
        { typename: 'User', id: rivalMe!.id, field: 'email' },
      ],
    };
    for (const subgraph of platform.subgraphs) {
      for (const { typename, id, field } of representations[subgraph.name] ?? []) {
        const body = await callSubgraphAs(
          platform,
          subgraph.name,
          callerA,
          `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${field} } } }`,
          { r: [{ __typename: typename, id }] },
        );
        expect(body.data._entities, `${subgraph.name} ${typename}`).toEqual([null]);
      }
    }
  });
});
