import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptInvitationDocument,
  AuditEventsDocument,
  CreateApiKeyDocument,
  CurrentTenantDocument,
  InviteUserDocument,
  LoginDocument,
  MeDocument,
  PlatformTenantsDocument,
  RefreshTokenDocument,
  StoresDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import {
  DEMO_OPERATOR,
  DEMO_PASSWORD,
  DEMO_ROLES,
  DEMO_TENANTS,
  demoCustomers,
  demoEmail,
  type DemoTenant,
} from '../common/demo.ts';
import { verifyAccessToken } from '../common/identity/access-token.ts';
import { loadKeys } from '../common/identity/keys.ts';
import { banner } from '../platform/banner.ts';
import { AuditEventEntity } from '../subgraphs/tenant/audit-event.entity.ts';
import { MembershipEntity } from '../subgraphs/tenant/membership.entity.ts';
import { createOperatorAccount } from '../subgraphs/tenant/operator-account.ts';
import { UserEntity } from '../subgraphs/tenant/user.entity.ts';
import { latestCode } from './support/mailbox.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const [demo, rival] = DEMO_TENANTS as [DemoTenant, DemoTenant];
const anonymous = () => createGoCoffeeClient({ url: platform.gatewayUrl });
const tenantDatabase = () => subgraphDatabase(platform, 'tenant');

async function signInAsOperator() {
  const { login } = await anonymous().request(LoginDocument, {
    input: { email: DEMO_OPERATOR.email, password: DEMO_PASSWORD },
  });
  expect(login.errors).toEqual([]);
  return { client: createGoCoffeeClient({ url: platform.gatewayUrl, token: login.accessToken! }), login };
}

const codeOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0]?.extensions?.code;

describe('the platform operator', () => {
  it('is among the demo logins the start-up banner prints, and signs in as SUPERADMIN in no tenant', async () => {
    expect(banner(platform, true, 0)).toContain(DEMO_OPERATOR.email);
    const { login } = await signInAsOperator();
    const identity = await verifyAccessToken(login.accessToken!, loadKeys(platform.config).auth!.publicKey);
    expect(identity).toMatchObject({ kind: 'user', tenantId: null, roles: ['SUPERADMIN'] });
  });

  it('sees every tenant with its tier, status, trial end and user count', async () => {
    const { client } = await signInAsOperator();
    const { platformTenants } = await client.request(PlatformTenantsDocument, { first: 50 });
    expect(platformTenants.totalCount).toBe(DEMO_TENANTS.length);
    const bySlug = Object.fromEntries(platformTenants.edges.map((edge) => [edge.node.slug, edge.node]));
    expect(bySlug[demo.slug]).toMatchObject({ id: demo.id, tier: 'PROFESSIONAL', status: 'ACTIVE', trialEndsAt: null });
    expect(bySlug[rival.slug]).toMatchObject({ id: rival.id, tier: 'PROFESSIONAL', status: 'TRIAL' });
    expect(Date.parse(bySlug[rival.slug]!.trialEndsAt!)).toBeGreaterThan(Date.now());
    expect(bySlug[demo.slug]!.userCount).toBe(DEMO_ROLES.length + demoCustomers(demo).length);
  });

  it('is refused to every tenant-level user and API key, and asks an anonymous caller to sign in', async () => {
    for (const role of ['OWNER', 'ADMIN', 'CUSTOMER'] as const) {
      const user = await signInAs(platform.gatewayUrl, demo, role);
      expect(codeOf(await user.execute(PlatformTenantsDocument, {})), role).toBe('FORBIDDEN');
    }
    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const { createApiKey } = await owner.request(CreateApiKeyDocument, {
      input: { name: 'Back office', scopes: ['admin'], idempotencyKey: 'operator-test-key' },
    });
    const apiKey = createGoCoffeeClient({ url: platform.gatewayUrl, token: createApiKey.secret! });
    expect(codeOf(await apiKey.execute(PlatformTenantsDocument, {}))).toBe('FORBIDDEN');
    expect(codeOf(await anonymous().execute(PlatformTenantsDocument, {}))).toBe('UNAUTHENTICATED');
  });

  it("acts in no tenant: a tenant's own operations refuse it", async () => {
    const { client } = await signInAsOperator();
    expect(codeOf(await client.execute(MeDocument))).toBe('FORBIDDEN');
    expect(codeOf(await client.execute(CurrentTenantDocument))).toBe('FORBIDDEN');
    expect(codeOf(await client.execute(StoresDocument, {}))).toBe('FORBIDDEN');
  });

  it('is in the audit trail for each cross-tenant read, and so is a tenant user who tries one', async () => {
    const { client } = await signInAsOperator();
    await client.request(PlatformTenantsDocument, {});
    const operatorId = await tenantDatabase().system(
      async (manager) => (await manager.getRepository(UserEntity).findOneByOrFail({ email: DEMO_OPERATOR.email })).id,
    );
    await expect
      .poll(() =>
        tenantDatabase().system((manager) =>
          manager.getRepository(AuditEventEntity).findBy({ operation: 'platformTenants', actorId: operatorId }),
        ),
      )
      .toContainEqual(expect.objectContaining({ tenantId: null, outcome: 'SUCCEEDED', subgraph: 'tenant' }));

    const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    await owner.execute(PlatformTenantsDocument, {});
    await expect
      .poll(async () =>
        (await owner.request(AuditEventsDocument, { filter: { operation: 'platformTenants' } })).auditEvents.edges.map(
          (edge) => edge.node.outcome,
        ),
      )
      .toContain('DENIED');
  });

  it('keeps its session when it refreshes, still as SUPERADMIN', async () => {
    const { login } = await signInAsOperator();
    const { refreshToken } = await anonymous().request(RefreshTokenDocument, {
      input: { refreshToken: login.refreshToken! },
    });
    expect(refreshToken.errors).toEqual([]);
    const identity = await verifyAccessToken(refreshToken.accessToken!, loadKeys(platform.config).auth!.publicKey);
    expect(identity).toMatchObject({ tenantId: null, roles: ['SUPERADMIN'] });
  });

  it('cannot sign in to a tenant', async () => {
    const { login } = await anonymous().request(LoginDocument, {
      input: { email: DEMO_OPERATOR.email, password: DEMO_PASSWORD, tenantSlug: demo.slug },
    });
    expect(login.accessToken).toBeNull();
    expect(login.errors.map((error) => error.code)).toEqual(['OPERATOR_ACCOUNT']);
  });
});

describe("the platform's tool for operator accounts", () => {
  it('makes an account that signs in as SUPERADMIN, and refuses an email that has an account', async () => {
    const created = await createOperatorAccount(tenantDatabase(), {
      email: 'Ops@Platform.example',
      name: 'Ops on call',
      password: 'a long operator password',
    });
    expect(created).toEqual({ userId: expect.any(String) });
    const { login } = await anonymous().request(LoginDocument, {
      input: { email: 'ops@platform.example', password: 'a long operator password' },
    });
    const identity = await verifyAccessToken(login.accessToken!, loadKeys(platform.config).auth!.publicKey);
    expect(identity).toMatchObject({ tenantId: null, roles: ['SUPERADMIN'] });

    const taken = await createOperatorAccount(tenantDatabase(), {
      email: demoEmail(demo, 'OWNER'),
      name: 'x',
      password: 'a long operator password',
    });
    expect(taken).toMatchObject({ code: 'EMAIL_TAKEN' });
  });
});

describe('the SUPERADMIN role', () => {
  it('cannot be given by invitation, and an operator account cannot join a tenant by one', async () => {
    const owner: GoCoffeeClient = await signInAs(platform.gatewayUrl, demo, 'OWNER');
    const asSuperadmin = await owner.request(InviteUserDocument, {
      input: { email: 'climber@example.com', role: 'SUPERADMIN', idempotencyKey: 'superadmin-invite' },
    });
    expect(asSuperadmin.inviteUser.errors.map((error) => error.code)).toEqual(['ROLE_NOT_ALLOWED']);

    await owner.request(InviteUserDocument, {
      input: { email: DEMO_OPERATOR.email, role: 'ADMIN', idempotencyKey: 'operator-invite' },
    });
    const { acceptInvitation } = await anonymous().request(AcceptInvitationDocument, {
      input: { token: latestCode(platform.config.DATA_DIR, DEMO_OPERATOR.email), name: 'x', password: DEMO_PASSWORD },
    });
    expect(acceptInvitation.errors.map((error) => error.code)).toEqual(['OPERATOR_ACCOUNT']);
    expect(acceptInvitation.accessToken).toBeNull();
  });

  it('is refused as a role in a tenant by the database itself', async () => {
    const insert = tenantDatabase().system(async (manager) => {
      const user = await manager.getRepository(UserEntity).findOneByOrFail({ email: DEMO_OPERATOR.email });
      await manager.getRepository(MembershipEntity).insert({ tenantId: demo.id, userId: user.id, role: 'SUPERADMIN' });
    });
    await expect(insert).rejects.toThrow(/memberships_tenant_roles_only/);
  });
});
