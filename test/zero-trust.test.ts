import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../common/identity/identity.ts';
import { loadKeys } from '../common/identity/keys.ts';
import { INTERNAL_TOKEN_HEADER, internalAudience, signInternalToken } from '../common/identity/internal-token.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

let platform: TestPlatform;
let gatewayKey: KeyObject;
beforeAll(async () => {
  platform = await startTestPlatform();
  gatewayKey = loadKeys(platform.config).internal!.privateKey!;
});
afterAll(() => platform?.stop());

const SERVICE_QUERY = JSON.stringify({ query: '{ _service { sdl } }' });

async function callSubgraph(url: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { [INTERNAL_TOKEN_HEADER]: token } : {}) },
    body: SERVICE_QUERY,
  });
  return { status: response.status, body: await response.text() };
}

const signedWith = (key: KeyObject, subgraph: string, expiresAt: string | number = '1m') =>
  new SignJWT({ kind: 'anonymous', roles: [], scopes: [] })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer('go-coffee-gateway')
    .setAudience(internalAudience(subgraph))
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key);

describe('a subgraph reached without the gateway', () => {
  it('answers 401 and reveals no schema when there is no internal token', async () => {
    for (const subgraph of platform.subgraphs) {
      const { status, body } = await callSubgraph(subgraph.url);
      expect(status, subgraph.name).toBe(401);
      expect(body).not.toMatch(/type |sdl/);
    }
  });

  it('refuses tokens that are forged, expired, unsigned or meant for another subgraph', async () => {
    const strangerKey = generateKeyPairSync('ed25519').privateKey;
    for (const subgraph of platform.subgraphs) {
      const other = platform.subgraphs.find((candidate) => candidate.name !== subgraph.name)!.name;
      const attacks = {
        forged: await signedWith(strangerKey, subgraph.name),
        expired: await signedWith(gatewayKey, subgraph.name, Math.floor(Date.now() / 1000) - 10),
        unsigned: new UnsecuredJWT({ kind: 'anonymous' })
          .setIssuer('go-coffee-gateway')
          .setAudience(internalAudience(subgraph.name))
          .setExpirationTime('1m')
          .encode(),
        wrongAudience: await signedWith(gatewayKey, other),
        garbage: 'not-a-token',
      };
      for (const [attack, token] of Object.entries(attacks)) {
        const { status, body } = await callSubgraph(subgraph.url, token);
        expect(status, `${subgraph.name}: ${attack}`).toBe(401);
        expect(body).not.toMatch(/sdl/);
      }
    }
  });

  it('serves the gateway, which holds the signing key', async () => {
    for (const subgraph of platform.subgraphs) {
      const { status, body } = await callSubgraph(
        subgraph.url,
        await signInternalToken(ANONYMOUS, subgraph.name, gatewayKey),
      );
      expect(status, subgraph.name).toBe(200);
      expect(JSON.parse(body).data._service.sdl).toContain('type Query');
    }
  });

  it('closes a WebSocket that does not present the internal token with 4403', async () => {
    for (const subgraph of platform.subgraphs) {
      const closeCode = await new Promise<number>((resolve) => {
        const client = createClient({
          url: subgraph.url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: false,
          on: { closed: (event) => resolve((event as { code: number }).code) },
          onNonLazyError: () => {},
        });
        void client;
      });
      expect(closeCode, subgraph.name).toBe(4403);
    }
  });
});

describe('the gateway', () => {
  it('answers 401 UNAUTHENTICATED to a bearer token it did not issue', async () => {
    const response = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer aaa.bbb.ccc' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
