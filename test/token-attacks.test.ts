import { generateKeyPairSync, createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, UnsecuredJWT, base64url, createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument, MeDocument, createGoCoffeeClient } from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../common/identity/access-token.ts';
import { loadKeys } from '../common/identity/keys.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
let authKey: KeyObject;
let validToken: string;
const demo = DEMO_TENANTS[0]!;

beforeAll(async () => {
  platform = await startTestPlatform();
  authKey = loadKeys(platform.config).auth!.privateKey!;
  validToken = await tokenWith({});
});
afterAll(() => platform?.stop());

const claims = { tid: demo.id, roles: ['OWNER'], tier: 'PROFESSIONAL' };

function tokenWith(overrides: { key?: KeyObject; issuer?: string; audience?: string; expiresAt?: number | null }) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject('00000000-0000-4000-8000-000000000001')
    .setIssuedAt()
    .setIssuer(overrides.issuer ?? ACCESS_TOKEN_ISSUER)
    .setAudience(overrides.audience ?? ACCESS_TOKEN_AUDIENCE);
  if (overrides.expiresAt !== null) jwt.setExpirationTime(overrides.expiresAt ?? '5m');
  return jwt.sign(overrides.key ?? authKey);
}

async function hmacSignedWithPublicKey(): Promise<string> {
  const publicPem = createPublicKey(authKey).export({ format: 'pem', type: 'spki' });
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('00000000-0000-4000-8000-000000000001')
    .setIssuedAt()
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(String(publicPem)));
}

function tampered(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claimsJson = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
  claimsJson.roles = ['SUPERADMIN'];
  return [header, base64url.encode(JSON.stringify(claimsJson)), signature].join('.');
}

async function meWith(token: string) {
  return createGoCoffeeClient({ url: platform.gatewayUrl, token }).execute(MeDocument);
}

describe('the gateway refuses forged and broken access tokens', () => {
  it('accepts a token it signed (so the refusals below are about the attack)', async () => {
    const result = await meWith(validToken);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
  });

  const attacks: [string, () => Promise<string> | string][] = [
    [
      'alg: none',
      () =>
        new UnsecuredJWT(claims)
          .setSubject('x')
          .setIssuer(ACCESS_TOKEN_ISSUER)
          .setAudience(ACCESS_TOKEN_AUDIENCE)
          .setExpirationTime('5m')
          .encode(),
    ],
    ['HS256 signed with the public key', hmacSignedWithPublicKey],
    ['signed by another key', () => tokenWith({ key: generateKeyPairSync('ed25519').privateKey })],
    ['expired', () => tokenWith({ expiresAt: Math.floor(Date.now() / 1000) - 60 })],
    ['without exp', () => tokenWith({ expiresAt: null })],
    ['for another audience', () => tokenWith({ audience: 'someone-else' })],
    ['from another issuer', () => tokenWith({ issuer: 'https://evil.example' })],
    ['with a tampered payload', () => tampered(validToken)],
  ];

  it.each(attacks)('refuses a token %s with 401 UNAUTHENTICATED', async (_, makeToken) => {
    const result = await meWith(await makeToken());
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
  });
});

describe('the published signing keys', () => {
  it('verify the access tokens the platform issues, so other services can check them offline', async () => {
    const { login } = await createGoCoffeeClient({ url: platform.gatewayUrl }).request(LoginDocument, {
      input: { email: demoEmail(demo, 'OWNER'), password: DEMO_PASSWORD },
    });
    const jwksResponse = await fetch(new URL('/.well-known/jwks.json', platform.gatewayUrl));
    expect(jwksResponse.headers.get('cache-control')).toMatch(/max-age/);
    const keySet = createLocalJWKSet((await jwksResponse.json()) as JSONWebKeySet);
    const { payload } = await jwtVerify(login.accessToken!, keySet, {
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    expect(payload).toMatchObject({ tid: demo.id, roles: ['OWNER'] });
    const published = JSON.stringify(
      await (await fetch(new URL('/.well-known/jwks.json', platform.gatewayUrl))).json(),
    );
    expect(published).not.toMatch(/"d"/);
  });
});
