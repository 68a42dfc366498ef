import { SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, signAccessToken, verifyAccessToken } from './access-token.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

/** A token signed with the right key whose claims the issuer would never write. */
const withClaims = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setSubject('u1')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);

describe('access tokens', () => {
  it('carry a platform operator as SUPERADMIN in no tenant, with no tier', async () => {
    const { token } = await signAccessToken(
      { userId: 'op1', tenantId: null, roles: ['SUPERADMIN'], tier: null },
      privateKey,
      60,
    );
    expect(await verifyAccessToken(token, publicKey)).toEqual({
      kind: 'user',
      userId: 'op1',
      tenantId: null,
      roles: ['SUPERADMIN'],
      scopes: [],
      tier: null,
    });
  });

  it('are refused without a tenant unless they are an operator’s', async () => {
    await expect(verifyAccessToken(await withClaims({ roles: ['OWNER'] }), publicKey)).rejects.toThrow(
      /missing tenant/,
    );
  });

  it('never grant SUPERADMIN inside a tenant', async () => {
    const token = await withClaims({ tid: 't1', roles: ['SUPERADMIN', 'BARISTA'], tier: 'FREE' });
    expect((await verifyAccessToken(token, publicKey)).roles).toEqual(['BARISTA']);
  });
});
