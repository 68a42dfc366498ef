import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CurrentTenantDocument,
  SignUpDocument,
  UsageDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { TenantEntity } from '../subgraphs/tenant/tenant.entity.ts';
import { currentPeriod } from '../subgraphs/tenant/usage-counter.entity.ts';
import { signInAs } from './support/sign-in.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
let owner: GoCoffeeClient;
const tenantDatabase = () => subgraphDatabase(platform, 'tenant');

beforeAll(async () => {
  platform = await startTestPlatform();
  owner = createGoCoffeeClient({ url: platform.gatewayUrl });
  const { signUp } = await owner.request(SignUpDocument, {
    input: {
      companyName: 'Metered',
      slug: 'metered',
      name: 'Owner',
      email: 'owner@metered.example',
      password: 'long enough password',
    },
  });
  owner.setToken(signUp.accessToken!);
  // Trial over: the FREE tier's 1,000 API calls a month apply.
  await tenantDatabase().system((manager) =>
    manager.getRepository(TenantEntity).update({ slug: 'metered' }, { trialEndsAt: new Date(Date.now() - 1000) }),
  );
});
afterAll(() => platform?.stop());

const apiCalls = async () =>
  (await owner.request(UsageDocument)).usage.find((metric) => metric.metric === 'API_CALLS')!;

describe('API usage per tenant per month', () => {
  it("counts every call a tenant makes into this month's usage, beside the tier's limit", async () => {
    for (let i = 0; i < 5; i++) await owner.request(CurrentTenantDocument);
    await expect.poll(async () => (await apiCalls()).used, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    expect(await apiCalls()).toMatchObject({ limit: 1000, period: currentPeriod() });
    const users = (await owner.request(UsageDocument)).usage.find((metric) => metric.metric === 'USERS');
    expect(users).toMatchObject({ used: 1, limit: 5 });
  });

  it('refuses calls over the allowance with 429 QUOTA_EXCEEDED stating the limit and the use', async () => {
    const tenant = await tenantDatabase().system((manager) =>
      manager.getRepository(TenantEntity).findOneByOrFail({ slug: 'metered' }),
    );
    await tenantDatabase().system((manager) =>
      manager.query(`UPDATE tenant.usage_counters SET used = 1000 WHERE tenant_id = $1 AND metric = 'API_CALLS'`, [
        tenant.id,
      ]),
    );
    // The gateway learns the new standing with its next batch.
    await expect
      .poll(async () => (await owner.execute(CurrentTenantDocument)).status, { timeout: 10_000, interval: 500 })
      .toBe(429);
    const refused = await owner.execute(CurrentTenantDocument);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 1000 });
    expect(refused.errors?.[0]?.extensions?.used).toBeGreaterThanOrEqual(1000);
    expect(refused.errors?.[0]?.message).toMatch(/1000 API calls/);
  });

  it("does not touch another tenant's allowance", async () => {
    const other = await signInAs(platform.gatewayUrl, DEMO_TENANTS[0]!, 'OWNER');
    expect((await other.execute(CurrentTenantDocument)).status).toBe(200);
  });
});
