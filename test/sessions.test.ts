import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LoginDocument,
  LogoutDocument,
  MeDocument,
  RefreshTokenDocument,
  createGoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import { RefreshTokenEntity } from '../subgraphs/tenant/refresh-token.entity.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const demo = DEMO_TENANTS[0]!;
const client = () => createGoCoffeeClient({ url: platform.gatewayUrl });

async function signIn() {
  const { login } = await client().request(LoginDocument, {
    input: { email: demoEmail(demo, 'BARISTA'), password: DEMO_PASSWORD },
  });
  return login;
}

const refresh = async (refreshToken: string) =>
  (await client().request(RefreshTokenDocument, { input: { refreshToken } })).refreshToken;

describe('sessions', () => {
  it('rotates the refresh token on every use, and the new access token works', async () => {
    const first = await signIn();
    const second = await refresh(first.refreshToken!);
    expect(second.errors).toEqual([]);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const me = await createGoCoffeeClient({ url: platform.gatewayUrl, token: second.accessToken! }).request(MeDocument);
    expect(me.me).toMatchObject({ email: demoEmail(demo, 'BARISTA'), role: 'BARISTA' });
  });

  it('revokes the whole family when a used refresh token comes back', async () => {
    const first = await signIn();
    const second = await refresh(first.refreshToken!);
    const replay = await refresh(first.refreshToken!);
    expect(replay.errors.map((error) => error.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    expect(replay.accessToken).toBeNull();
    // The legitimate holder's newer token dies with it: the thief cannot keep the session either.
    expect((await refresh(second.refreshToken!)).errors.map((error) => error.code)).toEqual(['INVALID_REFRESH_TOKEN']);
  });

  it('ends the session on logout', async () => {
    const session = await signIn();
    await client().request(LogoutDocument, { input: { refreshToken: session.refreshToken! } });
    expect((await refresh(session.refreshToken!)).errors.map((error) => error.code)).toEqual(['INVALID_REFRESH_TOKEN']);
  });

  it('refuses an unknown refresh token', async () => {
    expect((await refresh('made-up')).errors.map((error) => error.code)).toEqual(['INVALID_REFRESH_TOKEN']);
  });

  it('stores refresh tokens only as hashes', async () => {
    const session = await signIn();
    const tenantDatabase = subgraphDatabase(platform, 'tenant');
    const hashes = await tenantDatabase.system((manager) =>
      manager.getRepository(RefreshTokenEntity).find({ select: { tokenHash: true } }),
    );
    expect(hashes.length).toBeGreaterThan(0);
    expect(hashes.map((row) => row.tokenHash)).not.toContain(session.refreshToken);
  });
});
