import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CurrentTenantDocument,
  LoginDocument,
  MeDocument,
  SignUpDocument,
  createGoCoffeeClient,
} from '../client-sdk/index.ts';
import { TenantEntity } from '../subgraphs/tenant/tenant.entity.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const DAY = 86_400_000;
const newCompany = (slug: string) => ({
  companyName: 'Bean There',
  slug,
  name: 'Ada Barista',
  email: `ada@${slug}.example`,
  password: 'correct horse battery',
});

describe('signing up a coffee company', () => {
  it('creates the tenant on a 14-day PROFESSIONAL trial with the caller as OWNER, signed in', async () => {
    const client = createGoCoffeeClient({ url: platform.gatewayUrl });
    const { signUp } = await client.request(SignUpDocument, { input: newCompany('bean-there') });
    expect(signUp.errors).toEqual([]);
    client.setToken(signUp.accessToken!);

    const { currentTenant } = await client.request(CurrentTenantDocument);
    expect(currentTenant).toMatchObject({
      slug: 'bean-there',
      name: 'Bean There',
      status: 'TRIAL',
      tier: 'PROFESSIONAL',
      timeZone: 'UTC',
    });
    expect(currentTenant!.plan).toMatchObject({
      onTrial: true,
      users: 50,
      features: ['AI_ASSISTANTS', 'CUSTOM_DASHBOARDS'],
    });
    const trialDays = (Date.parse(currentTenant!.trialEndsAt!) - Date.now()) / DAY;
    expect(trialDays).toBeGreaterThan(13.9);
    expect(trialDays).toBeLessThanOrEqual(14);
    expect((await client.request(MeDocument)).me).toMatchObject({ email: 'ada@bean-there.example', role: 'OWNER' });
  });

  it('falls back to FREE when the trial ends without billing', async () => {
    const client = createGoCoffeeClient({ url: platform.gatewayUrl });
    await client.request(SignUpDocument, { input: newCompany('short-trial') });
    const tenantDatabase = subgraphDatabase(platform, 'tenant');
    await tenantDatabase.system((manager) =>
      manager.getRepository(TenantEntity).update({ slug: 'short-trial' }, { trialEndsAt: new Date(Date.now() - DAY) }),
    );
    const { login } = await client.request(LoginDocument, {
      input: { email: 'ada@short-trial.example', password: 'correct horse battery' },
    });
    client.setToken(login.accessToken!);
    const { currentTenant } = await client.request(CurrentTenantDocument);
    expect(currentTenant).toMatchObject({ status: 'ACTIVE', tier: 'FREE' });
    expect(currentTenant!.plan).toMatchObject({ onTrial: false, users: 5, apiCallsPerMonth: 1000, features: [] });
  });

  it('refuses a taken address, a taken email, and bad input, creating nothing', async () => {
    const client = createGoCoffeeClient({ url: platform.gatewayUrl });
    await client.request(SignUpDocument, { input: newCompany('taken') });
    const codes = async (input: ReturnType<typeof newCompany> & { timeZone?: string }) =>
      (await client.request(SignUpDocument, { input })).signUp.errors.map((error) => error.code).sort();

    expect(await codes({ ...newCompany('taken'), email: 'someone@else.example' })).toEqual(['SLUG_TAKEN']);
    expect(await codes({ ...newCompany('another'), email: 'ada@taken.example' })).toEqual(['EMAIL_TAKEN']);
    expect(
      await codes({ companyName: ' ', slug: 'No Spaces!', name: '', email: 'not-an-email', password: 'short' }),
    ).toEqual(['INVALID_COMPANY_NAME', 'INVALID_EMAIL', 'INVALID_NAME', 'INVALID_SLUG', 'WEAK_PASSWORD']);
    expect(await codes({ ...newCompany('another'), timeZone: 'Mars/Olympus_Mons' })).toEqual(['INVALID_TIME_ZONE']);
    const tenants = await subgraphDatabase(platform, 'tenant').system((manager) =>
      manager.getRepository(TenantEntity).countBy({ slug: 'another' }),
    );
    expect(tenants).toBe(0);
  });

  it('keeps the time zone the company gives, which its figures for all stores are read in', async () => {
    const client = createGoCoffeeClient({ url: platform.gatewayUrl });
    const { signUp } = await client.request(SignUpDocument, {
      input: { ...newCompany('lisbon-roasters'), timeZone: 'Europe/Lisbon' },
    });
    expect(signUp.errors).toEqual([]);
    client.setToken(signUp.accessToken!);
    expect((await client.request(CurrentTenantDocument)).currentTenant!.timeZone).toBe('Europe/Lisbon');
  });
});
