import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.ts';
import { guardFetcher, type Fetcher } from './guarded-fetcher.ts';

const answering =
  (status: number, body = '{"data":{}}'): Fetcher =>
  async () =>
    new Response(body, { status, headers: { 'content-type': 'application/json' } });
const failing: Fetcher = async () => {
  throw new Error('connect ECONNREFUSED 127.0.0.1:4001');
};
const hanging: Fetcher = (_url, init) =>
  new Promise((_, reject) =>
    (init?.signal as AbortSignal).addEventListener('abort', () => reject(new Error('aborted'))),
  );

const codeOf = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;

function guarded(fetcher: Fetcher) {
  const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 60_000 });
  let calls = 0;
  const counting: Fetcher = (url, init) => {
    calls += 1;
    return fetcher(url, init);
  };
  return { breaker, fetch: guardFetcher(counting, { timeoutMs: 50, breaker }), calls: () => calls };
}

describe('guarded subgraph fetch', () => {
  it("passes the subgraph's answer on, body and status", async () => {
    const { fetch } = guarded(answering(200, '{"data":{"me":null}}'));
    const response = await fetch('http://tenant/graphql', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: null } });
  });

  it('turns a call that cannot connect into SERVICE_UNAVAILABLE', async () => {
    const { fetch } = guarded(failing);
    await expect(fetch('http://tenant/graphql')).rejects.toSatisfy((error) => codeOf(error) === 'SERVICE_UNAVAILABLE');
  });

  it('gives up on a call at its deadline with SERVICE_UNAVAILABLE', async () => {
    const { fetch } = guarded(hanging);
    await expect(fetch('http://tenant/graphql')).rejects.toThrow(/did not answer within 50 ms/);
  });

  it('counts 5xx answers as failures and opens the circuit, then refuses without calling', async () => {
    const { fetch, breaker, calls } = guarded(answering(503, 'down'));
    expect((await fetch('http://tenant/graphql')).status).toBe(503);
    expect((await fetch('http://tenant/graphql')).status).toBe(503);
    expect(breaker.state).toBe('open');
    await expect(fetch('http://tenant/graphql')).rejects.toThrow(/unavailable: try again in 60 s/);
    expect(calls()).toBe(2);
  });

  it('counts a 4xx answer as a subgraph that is up', async () => {
    const { fetch, breaker } = guarded(answering(401, '{"errors":[]}'));
    for (let call = 0; call < 3; call++) await fetch('http://tenant/graphql');
    expect(breaker.state).toBe('closed');
  });
});
