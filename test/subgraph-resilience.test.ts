import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphProxy, type SubgraphProxy } from './support/subgraph-proxy.ts';
import { startSubscriptionFixtures, type SubscriptionFixtures } from './support/subscription-fixtures.ts';
import { accessTokenFor, startFixtureGateway, type FixtureGateway } from './support/subscription-gateway.ts';

const TIMEOUT_MS = 300;
const COOLDOWN_MS = 2_000;

let fixtures: SubscriptionFixtures;
let bearer: string;
beforeAll(async () => {
  fixtures = await startSubscriptionFixtures();
  fixtures.stores.set('store-1', { id: 'store-1', name: 'Harbour Street' });
  await fixtures.publish({ id: 't-1', status: 'NEW', storeId: 'store-1' });
  bearer = `Bearer ${await accessTokenFor(fixtures)}`;
});
afterAll(() => fixtures?.stop());

/** The gateway with the tenant subgraph behind a proxy the test can make hang. */
let proxy: SubgraphProxy;
let gateway: FixtureGateway;
const started: { stop(): Promise<void> }[] = [];
async function startGatewayBehindProxy(env: Record<string, string> = {}) {
  proxy = await startSubgraphProxy(fixtures.tenant.url);
  gateway = await startFixtureGateway(fixtures, {
    env: {
      SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS),
      SUBGRAPH_BREAKER_FAILURES: '2',
      SUBGRAPH_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
      ...env,
    },
    subgraphUrls: { tenant: proxy.url },
  });
  started.push(gateway, proxy);
}
afterEach(async () => {
  proxy.mode = 'forward';
  for (const service of started.splice(0)) await service.stop();
});

interface Answer {
  data?: { ticket?: { id: string; status: string; store: { name: string | null } } | null } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A ticket from the orders subgraph with its store's name from the tenant subgraph. */
const TICKET = '{ ticket(id: "t-1") { id status store { name } } }';
const query = async (headers: Record<string, string> = {}, document = TICKET) => {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer, ...headers },
    body: JSON.stringify({ query: document }),
  });
  return (await response.json()) as Answer;
};

const circuitOpen = async (subgraph: string) => {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`gateway_subgraph_circuit_open{subgraph="${subgraph}"`));
  return line ? Number(line.split(' ').at(-1)) : undefined;
};

describe('a subgraph that does not answer', () => {
  it('is given up on after SUBGRAPH_TIMEOUT_MS: the fields it owes are null with SERVICE_UNAVAILABLE, the rest is served', async () => {
    await startGatewayBehindProxy();
    proxy.mode = 'hang';
    const answer = await query();
    expect(answer.data).toEqual({ ticket: { id: 't-1', status: 'NEW', store: { name: null } } });
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]).toMatchObject({
      message: expect.stringContaining(`did not answer within ${TIMEOUT_MS} ms`),
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  });

  it('opens its circuit after consecutive failures: calls are refused without reaching it until a probe after the cooldown succeeds', async () => {
    await startGatewayBehindProxy();
    proxy.mode = 'hang';
    await query();
    await query();
    expect(await circuitOpen('tenant')).toBe(1);

    const callsWhileOpen = proxy.calls.length;
    const refused = await query();
    expect(proxy.calls.length).toBe(callsWhileOpen);
    expect(refused.data).toEqual({ ticket: { id: 't-1', status: 'NEW', store: { name: null } } });
    const { retryAfter } = refused.errors![0]!.extensions as { retryAfter: number };
    expect(refused.errors![0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfter });
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(COOLDOWN_MS / 1000);
    expect(refused.errors![0]!.message).toMatch(/unavailable: try again in \d s/);

    proxy.mode = 'forward';
    await expect
      .poll(async () => (await query()).data?.ticket?.store.name, { timeout: 10_000, interval: 200 })
      .toBe('Harbour Street');
    expect(await circuitOpen('tenant')).toBe(0);
    expect(await circuitOpen('orders')).toBe(0);
    expect(await query()).toEqual({
      data: { ticket: { id: 't-1', status: 'NEW', store: { name: 'Harbour Street' } } },
    });
  });

  it('keeps its circuit open for another cooldown when the probe fails too', async () => {
    await startGatewayBehindProxy();
    proxy.mode = 'hang';
    await query();
    await query();
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS));
    const callsBeforeProbe = proxy.calls.length;
    expect((await query()).errors![0]!.message).toMatch(/did not answer within/);
    expect(proxy.calls.length).toBe(callsBeforeProbe + 1);
    expect((await query()).errors![0]!.extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      retryAfter: expect.any(Number),
    });
    expect(proxy.calls.length).toBe(callsBeforeProbe + 1);
  });
});

describe('client headers on subgraph calls', () => {
  it('carry the allow-listed headers the client sent, and nothing else of what it sent', async () => {
    await startGatewayBehindProxy({ PROPAGATED_HEADERS: 'accept-language,x-store-locale' });
    const forgedIdentity = 'eyJhbGciOiJub25lIn0.eyJraW5kIjoidXNlciJ9.';
    const notForSubgraphs = {
      'x-debug-secret': 'do-not-pass',
      cookie: 'session=abc',
      'x-internal-identity': forgedIdentity,
    };
    const answer = await query(
      { 'accept-language': 'fr-CH', 'x-store-locale': 'ch', ...notForSubgraphs },
      '{ store(id: "store-1") { name } }',
    );
    expect(answer).toEqual({ data: { store: { name: 'Harbour Street' } } });

    expect(proxy.calls).toHaveLength(1);
    const received = proxy.calls[0]!;
    expect(received['accept-language']).toBe('fr-CH');
    expect(received['x-store-locale']).toBe('ch');
    expect(received['x-internal-identity']).toMatch(/^ey/);
    const values = Object.values(received).flat().join('\n');
    for (const value of [...Object.values(notForSubgraphs), bearer.slice('Bearer '.length)]) {
      expect(values).not.toContain(value);
    }
  });

  it('carry only accept-language by default', async () => {
    await startGatewayBehindProxy();
    await query({ 'accept-language': 'ja', 'x-store-locale': 'jp' }, '{ store(id: "store-1") { name } }');
    expect(proxy.calls[0]!['accept-language']).toBe('ja');
    expect(proxy.calls[0]!['x-store-locale']).toBeUndefined();
  });
});
