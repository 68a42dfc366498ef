import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExportMyDataDocument,
  MeDocument,
  RegisterSsoConnectionDocument,
  StoresDocument,
  createGoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_OPERATOR, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import { startOidcProvider, type OidcProvider } from './support/oidc-provider.ts';
import { signInAs } from './support/sign-in.ts';
import { setTenantPlan } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
let provider: OidcProvider;
beforeAll(async () => {
  platform = await startTestPlatform();
  provider = await startOidcProvider();
});
afterAll(async () => {
  await provider?.close();
  await platform?.stop();
});

const [demo, rival] = DEMO_TENANTS as [(typeof DEMO_TENANTS)[0], (typeof DEMO_TENANTS)[0]];
const connection = () => ({
  issuer: provider.issuer,
  jwksUrl: provider.jwksUrl,
  audience: 'go-coffee',
  roleMapping: [
    { group: 'store-managers', role: 'MANAGER' as const },
    { group: 'baristas', role: 'BARISTA' as const },
  ],
  defaultRole: 'CUSTOMER' as const,
});

const moveToEnterprise = (slug: string) =>
  setTenantPlan(platform, slug, { tier: 'ENTERPRISE', status: 'ACTIVE', trialEndsAt: null });
const withToken = (token: string) => createGoCoffeeClient({ url: platform.gatewayUrl, token });

describe('single sign-on with a tenant’s OpenID Connect provider', () => {
  it('cannot be connected on a tier without SSO', async () => {
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const result = await owner.execute(RegisterSsoConnectionDocument, { input: connection() });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("signs a person in with the provider's token, in the role its groups map to, creating the account", async () => {
    await moveToEnterprise(demo.slug);
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const { registerSsoConnection } = await owner.request(RegisterSsoConnectionDocument, { input: connection() });
    expect(registerSsoConnection.errors).toEqual([]);

    const token = await provider.token({
      sub: 'idp-42',
      email: 'Lee@Corp.example',
      name: 'Lee',
      groups: ['store-managers'],
    });
    const person = withToken(token);
    expect((await person.request(MeDocument)).me).toMatchObject({
      email: 'lee@corp.example',
      name: 'Lee',
      role: 'MANAGER',
    });
    const { stores } = await person.request(StoresDocument, {});
    expect(stores.edges.map((edge) => edge.node.tenant.slug)).toEqual(demo.stores.map(() => demo.slug));
  });

  it('gives the default role to someone in none of the mapped groups', async () => {
    const token = await provider.token({ sub: 'idp-43', email: 'guest@corp.example', groups: ['visitors'] });
    expect((await withToken(token).request(MeDocument)).me!.role).toBe('CUSTOMER');
  });

  it('refuses forged, expired and mis-addressed provider tokens with 401', async () => {
    const { privateKey: stranger } = await generateKeyPair('RS256');
    const claims = { sub: 'idp-44', email: 'mallory@corp.example', groups: ['store-managers'] };
    const attempts = {
      forged: await provider.token(claims, { key: stranger }),
      expired: await provider.token(claims, { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
      wrongAudience: await provider.token(claims, { audience: 'someone-else' }),
    };
    for (const [attempt, token] of Object.entries(attempts)) {
      const result = await withToken(token).execute(MeDocument);
      expect(result.status, attempt).toBe(401);
      expect(result.errors?.[0]?.extensions?.code, attempt).toBe('UNAUTHENTICATED');
    }
  });

  it('will not sign in, by a matching email, someone who belongs to another tenant', async () => {
    const token = await provider.token({ sub: 'idp-46', email: demoEmail(rival, 'OWNER'), groups: ['store-managers'] });
    const result = await withToken(token).execute(ExportMyDataDocument);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    const { exportMyData } = await rivalOwner.request(ExportMyDataDocument);
    expect(exportMyData.memberships.map((membership) => membership.tenantSlug)).toEqual([rival.slug]);
  });

  it("never signs in a platform operator's account, whatever the provider says", async () => {
    const token = await provider.token({ sub: 'idp-45', email: DEMO_OPERATOR.email, groups: ['store-managers'] });
    const result = await withToken(token).execute(MeDocument);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('connects an issuer to one tenant only', async () => {
    await moveToEnterprise(rival.slug);
    const rivalOwner = await signInAs(platform.gatewayUrl, rival, 'OWNER');
    const { registerSsoConnection } = await rivalOwner.request(RegisterSsoConnectionDocument, { input: connection() });
    expect(registerSsoConnection.errors.map((error) => error.code)).toEqual(['ISSUER_TAKEN']);
  });
});
