import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  CreateStoreDocument,
  CurrentTenantDocument,
  RevokeApiKeyDocument,
  StoresDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { ApiKeyEntity } from '../subgraphs/tenant/api-key.entity.ts';
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

const demo = DEMO_TENANTS[0]!;
let keyCount = 0;
async function createKey(scopes: string[]) {
  const { createApiKey } = await owner.request(CreateApiKeyDocument, {
    input: { name: `Integration ${++keyCount}`, scopes, idempotencyKey: `key-${keyCount}` },
  });
  expect(createApiKey.errors).toEqual([]);
  return { id: createApiKey.apiKey!.id, secret: createApiKey.secret! };
}
const asKey = (secret: string) => createGoCoffeeClient({ url: platform.gatewayUrl, token: secret });

describe('API keys', () => {
  it('acts for the tenant within its scopes: reads its stores with orders:read', async () => {
    const { secret } = await createKey(['orders:read']);
    const { stores } = await asKey(secret).request(StoresDocument, {});
    expect(stores.edges.map((edge) => edge.node.tenant.slug)).toEqual(demo.stores.map(() => demo.slug));
    expect((await asKey(secret).request(CurrentTenantDocument)).currentTenant!.slug).toBe(demo.slug);
  });

  it('is refused with FORBIDDEN outside its scopes', async () => {
    const { secret } = await createKey(['orders:read']);
    const result = await asKey(secret).execute(CreateStoreDocument, {
      input: { name: 'Sneaky', timezone: 'UTC', currency: 'USD', idempotencyKey: 'sneaky' },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows the secret once and stores only a hash and a lookup prefix', async () => {
    const { id, secret } = await createKey(['orders:read']);
    const tenantDatabase = subgraphDatabase(platform, 'tenant');
    const stored = await tenantDatabase.system((manager) =>
      manager.getRepository(ApiKeyEntity).findOne({ where: { id }, select: { prefix: true, secretHash: true } }),
    );
    expect(secret.startsWith(`gck_${stored!.prefix}_`)).toBe(true);
    expect(secret).not.toContain(stored!.secretHash);
    const { apiKeys } = await owner.request(ApiKeysDocument, {});
    // What follows the prefix is the secret proper (its base64url alphabet has '_' and '-' in it too).
    expect(JSON.stringify(apiKeys)).not.toContain(secret.slice(`gck_${stored!.prefix}_`.length));
  });

  it('records when it was last used', async () => {
    const { id, secret } = await createKey(['orders:read']);
    await asKey(secret).request(StoresDocument, {});
    const { apiKeys } = await owner.request(ApiKeysDocument, {});
    expect(apiKeys.edges.find((edge) => edge.node.id === id)!.node.lastUsedAt).toEqual(expect.any(String));
  });

  it('stops working at once when revoked, even right after it was used', async () => {
    const { id, secret } = await createKey(['orders:read']);
    expect((await asKey(secret).execute(StoresDocument, {})).status).toBe(200);
    const { revokeApiKey } = await owner.request(RevokeApiKeyDocument, { input: { id } });
    expect(revokeApiKey.apiKey!.revokedAt).toEqual(expect.any(String));
    const result = await asKey(secret).execute(StoresDocument, {});
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses unknown scopes and a made-up key', async () => {
    const { createApiKey } = await owner.request(CreateApiKeyDocument, {
      input: { name: 'Bad', scopes: ['everything'], idempotencyKey: 'bad-scopes' },
    });
    expect(createApiKey.errors.map((error) => error.code)).toEqual(['INVALID_SCOPES']);
    const forged = await asKey(`gck_AAAAAAAAAAAA_${'x'.repeat(43)}`).execute(StoresDocument, {});
    expect(forged.status).toBe(401);
  });

  it('may be managed by OWNER and ADMIN only', async () => {
    const barista = await signInAs(platform.gatewayUrl, demo, 'BARISTA');
    expect((await barista.execute(ApiKeysDocument, {})).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
