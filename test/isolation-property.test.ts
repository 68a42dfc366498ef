import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateStoreDocument,
  CurrentTenantDocument,
  SignUpDocument,
  StoreDocument,
  StoresDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

interface TenantUnderTest {
  slug: string;
  client: GoCoffeeClient;
  storeIds: string[];
}

let platform: TestPlatform;
const tenants: TenantUnderTest[] = [];

beforeAll(async () => {
  // Few connections for many concurrent requests: a leaked tenant setting would show.
  platform = await startTestPlatform({ DATABASE_POOL_SIZE: '2' });
  for (let index = 0; index < 5; index++) {
    const slug = `isolated-${index}`;
    const client = createGoCoffeeClient({ url: platform.gatewayUrl });
    const { signUp } = await client.request(SignUpDocument, {
      input: {
        companyName: `Isolated ${index}`,
        slug,
        name: 'Owner',
        email: `owner@${slug}.example`,
        password: 'long enough password',
      },
    });
    client.setToken(signUp.accessToken!);
    tenants.push({ slug, client, storeIds: [] });
  }
});
afterAll(() => platform?.stop());

type Request =
  | { kind: 'listStores'; tenant: number }
  | { kind: 'readStore'; tenant: number; owner: number }
  | { kind: 'createStore'; tenant: number; key: string }
  | { kind: 'currentTenant'; tenant: number };

const tenantIndex = fc.integer({ min: 0, max: 4 });
const request: fc.Arbitrary<Request> = fc.oneof(
  fc.record({ kind: fc.constant('listStores' as const), tenant: tenantIndex }),
  fc.record({ kind: fc.constant('readStore' as const), tenant: tenantIndex, owner: tenantIndex }),
  fc.record({ kind: fc.constant('createStore' as const), tenant: tenantIndex, key: fc.uuid() }),
  fc.record({ kind: fc.constant('currentTenant' as const), tenant: tenantIndex }),
);

/** Runs one request and says whether everything it returned belongs to the caller's tenant. */
async function staysInTenant(req: Request): Promise<boolean> {
  const caller = tenants[req.tenant]!;
  switch (req.kind) {
    case 'listStores': {
      const { stores } = await caller.client.request(StoresDocument, { first: 100 });
      return stores.edges.every((edge) => edge.node.tenant.slug === caller.slug);
    }
    case 'readStore': {
      const target = tenants[req.owner]!.storeIds[0];
      if (!target) return true;
      const { store } = await caller.client.request(StoreDocument, { id: target });
      return req.owner === req.tenant ? store?.id === target : store === null;
    }
    case 'createStore': {
      const { createStore } = await caller.client.request(CreateStoreDocument, {
        input: { name: 'Pop-up', timezone: 'UTC', currency: 'USD', idempotencyKey: req.key },
      });
      caller.storeIds.push(createStore.store!.id);
      return createStore.store!.tenant.name === `Isolated ${req.tenant}`;
    }
    case 'currentTenant':
      return (await caller.client.request(CurrentTenantDocument)).currentTenant?.slug === caller.slug;
  }
}

describe('tenant isolation under concurrent load', () => {
  it('never returns a row of another tenant, whatever five tenants ask at the same time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 10, maxLength: 30 }), async (requests) => {
        const verdicts = await Promise.all(requests.map(staysInTenant));
        expect(verdicts.every(Boolean)).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});
