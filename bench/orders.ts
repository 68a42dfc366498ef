/**
 * Ordering through the gateway on embedded defaults: placeOrder, and a page of 50 orders with
 * their lines, products and store. `npm run bench:orders -- [seconds] [connections]`.
 * Runs the platform as its own process (fresh data directory, demo seed) so the load generator
 * does not share its event loop, and checks that every sampled answer is free of errors.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { LoginDocument, OrdersDocument, PlaceOrderDocument, createGoCoffeeClient } from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import { spawnPlatform } from '../test/support/platform-process.ts';
import { openAllDay, orderableLines } from './support/demo-ordering.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);
const demo = DEMO_TENANTS[0]!;
const store = demo.stores[0]!;

const dataDir = mkdtempSync(join(tmpdir(), 'go-coffee-bench-orders-'));
const platform = await spawnPlatform(dataDir);
try {
  const client = createGoCoffeeClient({ url: platform.gatewayUrl });
  const { login } = await client.request(LoginDocument, {
    input: { email: demoEmail(demo, 'OWNER'), password: DEMO_PASSWORD, tenantSlug: demo.slug },
  });
  client.setToken(login.accessToken!);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` };
  await openAllDay(client, store.id);
  const lines = await orderableLines(platform.gatewayUrl, headers, store.id);

  let sequence = 0;
  const placeBody = () =>
    JSON.stringify({
      query: print(PlaceOrderDocument),
      variables: { input: { storeId: store.id, lines, idempotencyKey: `bench-${process.pid}-${++sequence}` } },
    });
  const placed = await load('placeOrder', {
    url: platform.gatewayUrl,
    method: 'POST',
    headers,
    requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, body: placeBody() }) }],
  });
  const page = await load('orders(first: 50) with lines, products, store', {
    url: platform.gatewayUrl,
    method: 'POST',
    headers,
    body: JSON.stringify({ query: print(OrdersDocument), variables: { first: 50 } }),
  });

  const { orders } = await client.request(OrdersDocument, { first: 50, filter: { storeId: store.id } });
  if (orders.totalCount < sequence) throw new Error(`${sequence} orders sent, ${orders.totalCount} stored`);
  console.log(
    `\n${sequence} orders placed; Node ${process.version}, ${seconds} s per case, ${connections} connections`,
  );
  console.table([placed, page]);
} finally {
  platform.child.kill('SIGINT');
  await platform.exited;
  rmSync(dataDir, { recursive: true, force: true });
}

async function load(name: string, options: autocannon.Options) {
  const result = await autocannon({ ...options, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${name}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return {
    case: name,
    'requests/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    requests: result.requests.total,
  };
}
