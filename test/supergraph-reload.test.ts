import { composeServices } from '@apollo/composition';
import { visit, type DocumentNode, type FormattedExecutionResult } from 'graphql';
import { spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from './support/free-port.ts';
import { startGatedProxy, type GatedProxy } from './support/gated-proxy.ts';
import { startSubscriptionFixtures, type SubscriptionFixtures } from './support/subscription-fixtures.ts';
import { accessTokenFor, startFixtureGateway, type FixtureGateway } from './support/subscription-gateway.ts';

let fixtures: SubscriptionFixtures;
let proxy: GatedProxy;
let gateway: FixtureGateway;
let bearer: string;
let dir: string;
let supergraphPath: string;
const logLines: string[] = [];

/** The same two subgraphs, but the tenant one's stores composed without `name`: the field a reload adds. */
let withoutStoreName: string;
let withStoreName: string;

function compose(typeDefs: Record<string, DocumentNode>, tenantUrl: string): string {
  const composed = composeServices(
    Object.entries(typeDefs).map(([name, document]) => ({
      name,
      url: name === 'tenant' ? tenantUrl : fixtures.orders.url,
      typeDefs: document,
    })),
  );
  if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('\n'));
  return composed.supergraphSdl;
}

/** As deploy tools and most editors save: a new file renamed over the old one. */
function replaceSupergraph(sdl: string, path = supergraphPath): void {
  const partial = `${path}.partial`;
  writeFileSync(partial, sdl);
  renameSync(partial, path);
}

async function post(url: string, query: string): Promise<FormattedExecutionResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as FormattedExecutionResult;
}

async function eventually<T>(attempt: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const STORE_NAME = '{ store(id: "store-1") { name } }';
const servesStoreName = (result: FormattedExecutionResult) => !result.errors;

beforeAll(async () => {
  fixtures = await startSubscriptionFixtures();
  fixtures.stores.set('store-1', { id: 'store-1', name: 'Harbour Street' });
  proxy = await startGatedProxy(fixtures.tenant.url);
  const tenantWithoutName = visit(fixtures.typeDefs.tenant, {
    ObjectTypeDefinition: (node) =>
      node.name.value === 'Store'
        ? { ...node, fields: node.fields?.filter((field) => field.name.value !== 'name') }
        : undefined,
  });
  withoutStoreName = compose({ orders: fixtures.typeDefs.orders, tenant: tenantWithoutName }, proxy.url);
  withStoreName = compose(fixtures.typeDefs, proxy.url);
  dir = mkdtempSync(join(tmpdir(), 'go-coffee-reload-'));
  supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphPath, withoutStoreName);
  gateway = await startFixtureGateway(fixtures, {
    supergraphPath,
    subgraphUrls: { tenant: proxy.url },
    logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
  });
  bearer = `Bearer ${await accessTokenFor(fixtures)}`;
});
afterAll(async () => {
  await gateway?.stop();
  await proxy?.stop();
  await fixtures?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('reloading the supergraph file', () => {
  it('serves a field the new supergraph adds, while requests in flight and arriving all succeed', async () => {
    expect((await post(gateway.url, STORE_NAME)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    proxy.holdNext();
    const inFlight = post(gateway.url, 'query HeldAcrossTheReload { store(id: "store-1") { id } }');
    await proxy.held();
    const during: FormattedExecutionResult[] = [];
    let reloading = true;
    const traffic = (async () => {
      while (reloading) during.push(await post(gateway.url, '{ store(id: "store-1") { id } }'));
    })();

    replaceSupergraph(withStoreName);
    expect(await eventually(() => post(gateway.url, STORE_NAME), servesStoreName)).toEqual({
      data: { store: { name: 'Harbour Street' } },
    });
    reloading = false;
    await traffic;
    proxy.release();

    expect(await inFlight).toEqual({ data: { store: { id: 'store-1' } } });
    expect(during.length).toBeGreaterThan(0);
    expect(during.filter((result) => result.errors)).toEqual([]);
    expect(await gateway.metric('gateway_supergraph_reloads_total')).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['an unparsable file', 'type Query {'],
    ['a schema that is not a composed supergraph', 'type Query { store(id: ID!): String }'],
    ['an empty file, as an editor truncating before it writes leaves it', ''],
  ])('refuses %s with a log line and keeps serving the supergraph it had', async (_case, broken) => {
    const refusals = () => logLines.filter((line) => line.includes('refused the new supergraph')).length;
    const before = refusals();
    replaceSupergraph(broken);
    await eventually(
      async () => refusals(),
      (count) => count > before,
    );
    expect(JSON.parse(logLines.findLast((line) => line.includes('refused the new supergraph'))!)).toMatchObject({
      level: 50,
      path: supergraphPath,
      reason: expect.any(String),
    });
    expect(await post(gateway.url, STORE_NAME)).toEqual({ data: { store: { name: 'Harbour Street' } } });
    replaceSupergraph(withStoreName);
  });

  it('keeps /healthz and /readyz right after a reload, ignoring a subgraph the new supergraph drops', async () => {
    const ordersOnly = composeServices([
      { name: 'orders', url: fixtures.orders.url, typeDefs: fixtures.typeDefs.orders },
    ]);
    await fixtures.tenant.stop();
    try {
      const readyz = () => fetch(new URL('/readyz', gateway.url)).then((response) => response.status);
      expect(await readyz()).toBe(503);
      replaceSupergraph(ordersOnly.supergraphSdl!);
      expect(await eventually(readyz, (status) => status === 200)).toBe(200);
      expect((await fetch(new URL('/healthz', gateway.url))).status).toBe(200);
      expect((await post(gateway.url, STORE_NAME)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await fixtures.tenant.start();
      replaceSupergraph(withStoreName);
      await eventually(() => post(gateway.url, STORE_NAME), servesStoreName);
    }
  });
});

describe('a gateway process', () => {
  it('reloads its supergraph on SIGHUP, and only then when it does not watch the file', async () => {
    const path = join(dir, 'sighup-supergraph.graphql');
    writeFileSync(path, withoutStoreName);
    const [port] = await freePorts(1);
    const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/index.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATA_DIR: fixtures.config.DATA_DIR,
        SUPERGRAPH_PATH: path,
        SUPERGRAPH_WATCH: 'false',
        GATEWAY_PORT: String(port),
        TENANT_URL: proxy.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await eventually(
        async () => output,
        (text) => text.includes('gateway ready'),
        60_000,
      );
      const url = `http://127.0.0.1:${port}/graphql`;

      replaceSupergraph(withStoreName, path);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await post(url, STORE_NAME)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

      child.kill('SIGHUP');
      expect(await eventually(() => post(url, STORE_NAME), servesStoreName)).toEqual({
        data: { store: { name: 'Harbour Street' } },
      });
      expect(output).toContain('SIGHUP: reloading the supergraph');
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});
