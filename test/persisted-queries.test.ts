import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANTS } from '../common/demo.ts';
import { startExtraGateway } from './support/extra-gateway.ts';
import { accessTokenOf, errorCodes, getGraphQL, postGraphQL } from './support/raw-graphql.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';
import { testServices } from './support/test-services.ts';

let platform: TestPlatform;
let token: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  token = await accessTokenOf(platform.gatewayUrl, DEMO_TENANTS[0]!, 'MANAGER');
});
afterAll(() => platform?.stop());

let queries = 0;
/** A query no other test has registered (the persisted queries cache outlives each test). */
const freshQuery = () => `query Me${++queries} { me { email role } }`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

describe('automatic persisted queries over POST', () => {
  it('runs a query sent with its hash, then by the hash alone', async () => {
    const query = freshQuery();
    const registered = await postGraphQL(platform.gatewayUrl, { query, extensions: persisted(query) }, token);
    expect(registered.body.data.me).toMatchObject({ role: 'MANAGER' });

    const byHash = await postGraphQL(platform.gatewayUrl, { extensions: persisted(query) }, token);
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual(registered.body);
  });

  it('answers a hash it does not know with PERSISTED_QUERY_NOT_FOUND, so the client sends the query', async () => {
    const response = await postGraphQL(platform.gatewayUrl, { extensions: persisted(freshQuery()) }, token);
    expect(response.status).toBe(200);
    expect(errorCodes(response)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(response.body.data).toBeUndefined();
  });

  it('refuses a hash that is not the SHA-256 of the query with BAD_REQUEST, and keeps nothing under it', async () => {
    const query = freshQuery();
    const otherHash = persisted(freshQuery());
    const mismatched = await postGraphQL(platform.gatewayUrl, { query, extensions: otherHash }, token);
    expect(mismatched.status).toBe(400);
    expect(errorCodes(mismatched)).toEqual(['BAD_REQUEST']);
    expect(mismatched.body.errors![0]!.message).toMatch(/not the SHA-256 of the query/);

    const byHash = await postGraphQL(platform.gatewayUrl, { extensions: otherHash }, token);
    expect(errorCodes(byHash)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('refuses a persisted query version or hash it does not understand with BAD_REQUEST', async () => {
    const query = freshQuery();
    for (const persistedQuery of [
      { version: 2, sha256Hash: sha256(query) },
      { version: 1, sha256Hash: 'not-a-hash' },
      { version: 1, sha256Hash: sha256(query).toUpperCase() },
      'v1',
    ]) {
      const response = await postGraphQL(platform.gatewayUrl, { query, extensions: { persistedQuery } }, token);
      expect(response.status, JSON.stringify(persistedQuery)).toBe(400);
      expect(errorCodes(response)).toEqual(['BAD_REQUEST']);
    }
  });

  it('does not register a query that fails validation', async () => {
    const query = `query Broken${++queries} { me { noSuchField } }`;
    const invalid = await postGraphQL(platform.gatewayUrl, { query, extensions: persisted(query) }, token);
    expect(errorCodes(invalid)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const byHash = await postGraphQL(platform.gatewayUrl, { extensions: persisted(query) }, token);
    expect(errorCodes(byHash)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});

describe('automatic persisted queries over GET', () => {
  it('runs a query registered over GET by its hash alone, over GET', async () => {
    const query = freshQuery();
    const miss = await getGraphQL(platform.gatewayUrl, { extensions: persisted(query) }, token);
    expect(errorCodes(miss)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

    const registered = await getGraphQL(platform.gatewayUrl, { query, extensions: persisted(query) }, token);
    expect(registered.body.data.me).toMatchObject({ email: expect.stringContaining('@') });
    const byHash = await getGraphQL(platform.gatewayUrl, { extensions: persisted(query) }, token);
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual(registered.body);
  });

  it('refuses a mismatched hash over GET with BAD_REQUEST', async () => {
    const response = await getGraphQL(
      platform.gatewayUrl,
      { query: freshQuery(), extensions: persisted(freshQuery()) },
      token,
    );
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['BAD_REQUEST']);
  });
});

describe.skipIf(!testServices.redisUrl)('automatic persisted queries in the distributed mode', () => {
  it('runs by hash on a second gateway what a client registered on the first, through Redis', async () => {
    const second = await startExtraGateway(platform);
    try {
      const query = freshQuery();
      await postGraphQL(platform.gatewayUrl, { query, extensions: persisted(query) }, token);
      // Apollo Server stores the registration without waiting for it: it may land just after the answer.
      await expect
        .poll(async () => (await postGraphQL(second.url, { extensions: persisted(query) }, token)).body.data?.me)
        .toMatchObject({ role: 'MANAGER' });
    } finally {
      await second.stop();
    }
  });
});

describe.skipIf(testServices.redisUrl)('automatic persisted queries in the embedded mode', () => {
  it('keeps registrations in each gateway process', async () => {
    const second = await startExtraGateway(platform);
    try {
      const query = freshQuery();
      await postGraphQL(platform.gatewayUrl, { query, extensions: persisted(query) }, token);
      const elsewhere = await postGraphQL(second.url, { extensions: persisted(query) }, token);
      expect(errorCodes(elsewhere)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    } finally {
      await second.stop();
    }
  });
});
