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
import {
  LoginDocument,
  OrdersDocument,
  PlaceOrderDocument,
  UpdateStoreDocument,
  createGoCoffeeClient,
  type OrderLineInput,
} from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import { spawnPlatform } from '../test/support/platform-process.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);
const demo = DEMO_TENANTS[0]!;
const store = demo.stores[0]!;
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

const dataDir = mkdtempSync(join(tmpdir(), 'go-coffee-bench-orders-'));
const platform = await spawnPlatform(dataDir);
try {
  const client = createGoCoffeeClient({ url: platform.gatewayUrl });
  const { login } = await client.request(LoginDocument, {
    input: { email: demoEmail(demo, 'OWNER'), password: DEMO_PASSWORD, tenantSlug: demo.slug },
  });
  client.setToken(login.accessToken!);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` };
  await client.request(UpdateStoreDocument, { input: { storeId: store.id, openingHours: ALL_DAY } });
  const lines = await orderableLines(platform.gatewayUrl, headers);

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

/** Two lines of the seeded menu that the store sells, with the fewest modifier choices each allows. */
async function orderableLines(url: string, headers: Record<string, string>): Promise<OrderLineInput[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      query: `query ($storeId: ID!) { menu(storeId: $storeId) { available product { id modifierGroups { minSelections options { id } } } variants { available variant { id } } } }`,
      variables: { storeId: store.id },
    }),
  });
  const { data } = (await response.json()) as { data: { menu: MenuItem[] } };
  const items = data.menu.filter((item) => item.available).slice(0, 2);
  if (items.length === 0) throw new Error('the demo menu has nothing available');
  return items.map((item) => ({
    productId: item.product.id,
    variantId: item.variants.find((variant) => variant.available)!.variant.id,
    quantity: 1,
    modifierOptionIds: item.product.modifierGroups.flatMap((group) =>
      group.options.slice(0, group.minSelections).map((option) => option.id),
    ),
  }));
}

interface MenuItem {
  available: boolean;
  product: { id: string; modifierGroups: { minSelections: number; options: { id: string }[] }[] };
  variants: { available: boolean; variant: { id: string } }[];
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
