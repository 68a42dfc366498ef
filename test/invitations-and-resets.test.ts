import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptInvitationDocument,
  InviteUserDocument,
  LoginDocument,
  MeDocument,
  RefreshTokenDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  SignUpDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import { TenantEntity } from '../subgraphs/tenant/tenant.entity.ts';
import { latestCode, mailsTo } from './support/mailbox.ts';
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
const anonymous = () => createGoCoffeeClient({ url: platform.gatewayUrl });
const codes = (errors: { code: string }[]) => errors.map((error) => error.code);
let invitations = 0;
const invite = (
  client: GoCoffeeClient,
  email: string,
  role: 'BARISTA' | 'OWNER' | 'MANAGER' | 'CUSTOMER' = 'BARISTA',
) => client.request(InviteUserDocument, { input: { email, role, idempotencyKey: `invite-${++invitations}` } });

describe('invitations', () => {
  it('mails a single-use code that makes a new account in the role and signs it in', async () => {
    const { inviteUser } = await invite(owner, 'new.barista@example.com');
    expect(inviteUser.errors).toEqual([]);
    const code = latestCode(platform.config.DATA_DIR, 'new.barista@example.com');

    const { acceptInvitation } = await anonymous().request(AcceptInvitationDocument, {
      input: { token: code, name: 'New Barista', password: 'a good long password' },
    });
    expect(acceptInvitation.errors).toEqual([]);
    const joined = createGoCoffeeClient({ url: platform.gatewayUrl, token: acceptInvitation.accessToken! });
    expect((await joined.request(MeDocument)).me).toMatchObject({ email: 'new.barista@example.com', role: 'BARISTA' });

    const again = await anonymous().request(AcceptInvitationDocument, {
      input: { token: code, name: 'Again', password: 'a good long password' },
    });
    expect(codes(again.acceptInvitation.errors)).toEqual(['INVALID_INVITATION']);
  });

  it('keeps no code in the database, only its hash', async () => {
    await invite(owner, 'hash.check@example.com');
    const code = latestCode(platform.config.DATA_DIR, 'hash.check@example.com');
    const tenantDatabase = subgraphDatabase(platform, 'tenant');
    const rows: unknown[] = await tenantDatabase.system((manager) =>
      manager.query('SELECT 1 FROM tenant.invitations WHERE token_hash = $1', [code]),
    );
    expect(rows).toEqual([]);
  });

  it('refuses an existing member, and an ADMIN inviting an OWNER', async () => {
    expect(codes((await invite(owner, demoEmail(demo, 'MANAGER'))).inviteUser.errors)).toEqual(['ALREADY_MEMBER']);
    const admin = await signInAs(platform.gatewayUrl, demo, 'ADMIN');
    expect(codes((await invite(admin, 'boss@example.com', 'OWNER')).inviteUser.errors)).toEqual(['ROLE_NOT_ALLOWED']);
  });

  it("stops at the tier's user limit with QUOTA_EXCEEDED stating the limit and the use", async () => {
    const founder = anonymous();
    await founder.request(SignUpDocument, {
      input: {
        companyName: 'Tiny',
        slug: 'tiny',
        name: 'Founder',
        email: 'founder@tiny.example',
        password: 'long enough password',
      },
    });
    const tenantDatabase = subgraphDatabase(platform, 'tenant');
    await tenantDatabase.system((manager) =>
      manager.getRepository(TenantEntity).update({ slug: 'tiny' }, { trialEndsAt: new Date(Date.now() - 1000) }),
    );
    // A new sign-in carries the tier in effect now: FREE, 5 users.
    const { login } = await anonymous().request(LoginDocument, {
      input: { email: 'founder@tiny.example', password: 'long enough password' },
    });
    founder.setToken(login.accessToken!);
    for (let i = 1; i <= 4; i++)
      expect((await invite(founder, `staff${i}@tiny.example`)).inviteUser.errors).toEqual([]);
    const refused = await founder.execute(InviteUserDocument, {
      input: { email: 'one.too.many@tiny.example', role: 'BARISTA', idempotencyKey: 'one-too-many' },
    });
    expect(refused.data?.inviteUser ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 5, used: 5 });
    expect(refused.errors?.[0]?.message).toMatch(/FREE tier allows 5 users and 5 are in use/);
    expect(mailsTo(platform.config.DATA_DIR, 'one.too.many@tiny.example')).toEqual([]);

    // Repeating the invitation that took the last seat makes nothing new, so it is answered, not refused.
    const repeat = await founder.request(InviteUserDocument, {
      input: { email: 'staff4@tiny.example', role: 'BARISTA', idempotencyKey: `invite-${invitations}` },
    });
    expect(repeat.inviteUser.invitation?.email).toBe('staff4@tiny.example');
  });

  it("lets customers in beyond the tier's user limit, which counts staff only", async () => {
    const founder = anonymous();
    await founder.request(SignUpDocument, {
      input: {
        companyName: 'Corner Cart',
        slug: 'corner-cart',
        name: 'Founder',
        email: 'founder@corner.example',
        password: 'long enough password',
      },
    });
    await subgraphDatabase(platform, 'tenant').system((manager) =>
      manager.getRepository(TenantEntity).update({ slug: 'corner-cart' }, { trialEndsAt: new Date(Date.now() - 1000) }),
    );
    const { login } = await anonymous().request(LoginDocument, {
      input: { email: 'founder@corner.example', password: 'long enough password' },
    });
    founder.setToken(login.accessToken!);
    for (let i = 1; i <= 4; i++) await invite(founder, `barista${i}@corner.example`);
    const refused = await founder.execute(InviteUserDocument, {
      input: { email: 'one.more@corner.example', role: 'BARISTA', idempotencyKey: 'corner-one-more' },
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 5, used: 5 });
    for (let i = 1; i <= 3; i++) {
      expect((await invite(founder, `regular${i}@corner.example`, 'CUSTOMER')).inviteUser.errors).toEqual([]);
    }
  });

  it('may be sent by OWNER and ADMIN only', async () => {
    const barista = await signInAs(platform.gatewayUrl, demo, 'BARISTA');
    const result = await barista.execute(InviteUserDocument, {
      input: { email: 'x@example.com', role: 'BARISTA', idempotencyKey: 'barista-invite' },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('password reset', () => {
  const email = demoEmail(demo, 'CUSTOMER');

  it('sets a new password with a mailed single-use code and ends every session', async () => {
    const before = await anonymous().request(LoginDocument, { input: { email, password: DEMO_PASSWORD } });
    await anonymous().request(RequestPasswordResetDocument, { input: { email } });
    const code = latestCode(platform.config.DATA_DIR, email);

    const { resetPassword } = await anonymous().request(ResetPasswordDocument, {
      input: { token: code, password: 'a brand new password' },
    });
    expect(resetPassword.errors).toEqual([]);
    const withOld = await anonymous().request(LoginDocument, { input: { email, password: DEMO_PASSWORD } });
    expect(codes(withOld.login.errors)).toEqual(['INVALID_CREDENTIALS']);
    const withNew = await anonymous().request(LoginDocument, { input: { email, password: 'a brand new password' } });
    expect(withNew.login.accessToken).toEqual(expect.any(String));
    const oldSession = await anonymous().request(RefreshTokenDocument, {
      input: { refreshToken: before.login.refreshToken! },
    });
    expect(codes(oldSession.refreshToken.errors)).toEqual(['INVALID_REFRESH_TOKEN']);

    const reused = await anonymous().request(ResetPasswordDocument, {
      input: { token: code, password: 'yet another password' },
    });
    expect(codes(reused.resetPassword.errors)).toEqual(['INVALID_RESET_TOKEN']);
  });

  it('answers the same for an unknown address and mails nobody', async () => {
    const { requestPasswordReset } = await anonymous().request(RequestPasswordResetDocument, {
      input: { email: 'nobody@nowhere.example' },
    });
    expect(requestPasswordReset.errors).toEqual([]);
    expect(mailsTo(platform.config.DATA_DIR, 'nobody@nowhere.example')).toEqual([]);
  });
});
