import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../common/identity/api-key-format.ts';
import { TIER_REQUEST_RATES, NO_TENANT_REQUEST_RATE } from '../common/tiers.ts';
import { connectTo, subscribe } from './support/subscription-client.ts';
import { startSubscriptionFixtures, type SubscriptionFixtures } from './support/subscription-fixtures.ts';
import { accessTokenFor, startFixtureGateway, type FixtureGateway } from './support/subscription-gateway.ts';
import { testServices, uniqueName } from './support/test-services.ts';

// With TEST_REDIS_URL the buckets are in Redis, as when distributed; otherwise in memory.
const bucketEnv = () => ({
  RATE_LIMITS_ENABLED: 'true',
  ...(testServices.redisUrl ? { REDIS_URL: testServices.redisUrl, REDIS_PREFIX: `${uniqueName('rate')}:` } : {}),
});

let fixtures: SubscriptionFixtures;
let gateway: FixtureGateway;
beforeAll(async () => {
  fixtures = await startSubscriptionFixtures();
  fixtures.stores.set('store-1', { id: 'store-1', name: 'Harbour Street' });
  gateway = await startFixtureGateway(fixtures, { env: bucketEnv() });
});
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});
afterAll(async () => {
  await gateway?.stop();
  await fixtures?.stop();
});

const STORE = '{ store(id: "store-1") { name } }';
const FREE = TIER_REQUEST_RATES.FREE;

/** A bearer token of a user of a tenant no other test uses. */
const bearerOfNewTenant = async (tier = 'FREE') =>
  `Bearer ${await accessTokenFor(fixtures, { tenantId: uniqueName('tenant'), tier })}`;

// Answered by the gateway alone: a burst of it reaches the rate limits quickly.
const TYPENAME = '{ __typename }';

const post = (url: string, headers: Record<string, string>, query = TYPENAME) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

interface Answer {
  status: number;
  headers: Headers;
  body: { errors?: { message: string; extensions: Record<string, unknown> }[] };
}

/** Sends `count` requests at once. */
const burst = async (count: number, send: () => Promise<Response>): Promise<Answer[]> =>
  Promise.all(
    Array.from({ length: count }, async () => {
      const response = await send();
      return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
    }),
  );
const refusals = (answers: Answer[]) => answers.filter((answer) => answer.status === 429);
const allServed = (answers: Answer[]) => answers.every((answer) => answer.status === 200);

describe('rate limits per tenant tier', () => {
  it("puts the RateLimit headers of the caller's tier on a successful answer", async () => {
    const response = await post(gateway.url, { authorization: await bearerOfNewTenant('STARTER') }, STORE);
    const { perSecond, burst: starterBurst } = TIER_REQUEST_RATES.STARTER;
    expect(await response.json()).toEqual({ data: { store: { name: 'Harbour Street' } } });
    expect(response.headers.get('ratelimit-policy')).toBe(
      `"starter";q=${starterBurst};w=${Math.ceil(starterBurst / perSecond)}`,
    );
    expect(response.headers.get('ratelimit')).toBe(`"starter";r=${starterBurst - 1};t=1`);
  });

  it("refuses a tenant over its tier's rate with 429, Retry-After and RATE_LIMITED, while another tenant is served", async () => {
    const busy = await bearerOfNewTenant();
    const other = await bearerOfNewTenant();
    const [busyAnswers, otherAnswers] = await Promise.all([
      burst(FREE.burst + 25, () => post(gateway.url, { authorization: busy })),
      burst(FREE.burst - 5, () => post(gateway.url, { authorization: other })),
    ]);
    expect(allServed(otherAnswers)).toBe(true);

    const refused = refusals(busyAnswers)[0]!;
    expect(refused).toBeDefined();
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit')).toMatch(/^"free";r=0;t=\d+$/);
    expect(refused.body.errors![0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter });
    expect(refused.body.errors![0]!.message).toMatch(/FREE rate/);
    expect(await gateway.metric('gateway_rate_limited_total')).toBeGreaterThan(0);
  });

  it("draws a tenant's users and API keys from the one bucket of the tenant", async () => {
    const tenantId = uniqueName('tenant');
    const user = `Bearer ${await accessTokenFor(fixtures, { tenantId, tier: 'FREE' })}`;
    const { key } = newApiKey();
    fixtures.apiKeys.set(key, { tenantId, scopes: ['orders:read'], tier: 'FREE' });
    // Each of the two stays within the burst: only together are they over it.
    const half = FREE.burst - 2;
    const answers = await Promise.all([
      burst(half, () => post(gateway.url, { authorization: user })),
      burst(half, () => post(gateway.url, { authorization: `Bearer ${key}` })),
    ]);
    expect(refusals(answers.flat()).length).toBeGreaterThan(0);
  });

  it('keys anonymous callers by their client address, each address with its own small bucket', async () => {
    const from = (address: string) => () => post(gateway.url, { 'x-forwarded-for': address });
    const [flooding, quiet] = await Promise.all([
      burst(NO_TENANT_REQUEST_RATE.burst + 25, from('203.0.113.7')),
      burst(NO_TENANT_REQUEST_RATE.burst - 5, from('203.0.113.8')),
    ]);
    expect(refusals(flooding).length).toBeGreaterThan(0);
    expect(allServed(quiet)).toBe(true);
    const response = await post(gateway.url, { 'x-forwarded-for': '203.0.113.9' });
    expect(response.headers.get('ratelimit-policy')).toMatch(/^"anonymous";q=30;/);
  });

  it('counts each subscribe message as a request, and refuses one over the rate with RATE_LIMITED', async () => {
    const client = connectTo(gateway.wsUrl, await bearerOfNewTenant());
    clients.push(client);
    const codes: unknown[] = [];
    for (let count = 0; count < FREE.burst + 10; count++) {
      void subscribe(client, 'subscription { ticketUpdated(storeId: "store-1") { id } }').ended.then(({ error }) => {
        if (error) codes.push((error as { extensions?: Record<string, unknown> }[])[0]?.extensions);
      });
    }
    await expect.poll(() => codes.length).toBeGreaterThan(0);
    expect(codes).toContainEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(codes.every((code) => (code as { code: string }).code === 'RATE_LIMITED')).toBe(true);
  });
});

describe.runIf(testServices.redisUrl)('rate limits of several gateways on one Redis', () => {
  it("draw a tenant's requests through either gateway from one shared bucket", async () => {
    const env = bucketEnv();
    const first = await startFixtureGateway(fixtures, { env });
    const second = await startFixtureGateway(fixtures, { env });
    try {
      const bearer = await bearerOfNewTenant();
      // Each gateway alone stays within the burst: only a shared bucket refuses any.
      const half = FREE.burst - 2;
      const answers = await Promise.all([
        burst(half, () => post(first.url, { authorization: bearer })),
        burst(half, () => post(second.url, { authorization: bearer })),
      ]);
      expect(refusals(answers.flat()).length).toBeGreaterThan(0);
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
