/**
 * Subscription fan-out through the gateway: `npm run bench:fan-out -- [clients,…] [events]`
 * (default 1000,10000 clients, 20 events). The platform runs as its own process (`npm start`'s
 * code, embedded defaults unless DATABASE_URL / REDIS_URL are set); this process holds the
 * graphql-ws clients, all signed in as the demo store's BARISTA (a kitchen display) and subscribed
 * to that store's `storeOrders` with the tenant's name joined from the tenant subgraph. Each event is an order
 * placed through the gateway by the OWNER; the next is placed once every client has the previous one.
 * Latency runs from the moment `placeOrder` is answered (the order is committed, and its event
 * published after the commit) to a client's receipt: the outbox relay, the subgraph's read of the
 * order, the join and the fan-out. An event may outrun the answer, so a latency can be negative.
 * Each client is a socket: raise the open-file limit above the largest count (`ulimit -n 20000`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { LoginDocument, PlaceOrderDocument, StoreOrdersDocument, createGoCoffeeClient } from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import { readMetric } from '../test/support/read-metric.ts';
import { spawnPlatform } from '../test/support/platform-process.ts';
import { openAllDay, orderableLines } from './support/demo-ordering.ts';
import { cpuMs, residentBytes } from './support/process-stats.ts';
import { openFileLimit, openSubscriberFleet } from './support/subscriber-fleet.ts';

const clientCounts = (process.argv[2] ?? '1000,10000').split(',').map(Number);
const events = Number(process.argv[3] ?? 20);
const DELIVERY_TIMEOUT_MS = 60_000;
const demo = DEMO_TENANTS[0]!;
const store = demo.stores[0]!;

const needed = Math.max(...clientCounts) + 200;
if (openFileLimit() < needed) {
  console.error(`Each client is an open socket: raise the open-file limit first (ulimit -n ${needed}).`);
  process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'go-coffee-bench-fan-out-'));
const platform = await spawnPlatform(dataDir);
const platformPid = platform.child.pid!;
const gatewayUrl = platform.gatewayUrl;
const metric = (name: string) => readMetric(gatewayUrl, name);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

try {
  /** An access token of the demo user with this role, as `login` hands it out. */
  const signIn = async (role: 'OWNER' | 'BARISTA') => {
    const { login } = await createGoCoffeeClient({ url: gatewayUrl }).request(LoginDocument, {
      input: { email: demoEmail(demo, role), password: DEMO_PASSWORD, tenantSlug: demo.slug },
    });
    return login.accessToken!;
  };
  const ownerToken = await signIn('OWNER');
  const baristaToken = await signIn('BARISTA');
  const client = createGoCoffeeClient({ url: gatewayUrl, token: ownerToken });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` };
  await openAllDay(client, store.id);
  const lines = await orderableLines(gatewayUrl, headers, store.id);
  let sequence = 0;

  /** Places one order: its id, when it was sent and when the answer (the order committed) came. */
  async function placeOrder(): Promise<{ orderId: string; sentAt: number; answeredAt: number }> {
    const sentAt = performance.now();
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: print(PlaceOrderDocument),
        variables: { input: { storeId: store.id, lines, idempotencyKey: `fan-out-${process.pid}-${++sequence}` } },
      }),
    });
    const { data, errors } = (await response.json()) as {
      data?: { placeOrder: { order: { id: string } | null; errors: unknown[] } };
      errors?: unknown;
    };
    const orderId = data?.placeOrder.order?.id;
    if (!orderId) throw new Error(`placeOrder failed: ${JSON.stringify(errors ?? data?.placeOrder.errors)}`);
    return { orderId, sentAt, answeredAt: performance.now() };
  }

  const rows = [];
  for (const count of clientCounts) rows.push(await run(count));
  console.log(
    `\nNode ${process.version}; ${events} events per case; clients and platform in separate processes; latency from placeOrder answered to receipt`,
  );
  console.table(rows);

  async function run(count: number) {
    const heapBefore = await settledHeap();
    const rssBefore = residentBytes(platformPid);
    const connectStarted = performance.now();
    const fleet = await openSubscriberFleet({
      url: gatewayUrl.replace(/^http/, 'ws'),
      count,
      concurrency: 200,
      connectionParams: { authorization: `Bearer ${baristaToken}` },
      subscription: { query: print(StoreOrdersDocument), variables: { storeId: store.id } },
      keyOf: (data) => (data as { storeOrders: { id: string } }).storeOrders.id,
    });
    while ((await metric('graphql_subscriptions_active')) < count) await sleep(20);
    const connectMs = performance.now() - connectStarted;
    const heapAfter = await settledHeap();
    const rssAfter = residentBytes(platformPid);

    const latencies: number[] = [];
    const spreads: number[] = [];
    const answers: number[] = [];
    const platformCpuBefore = cpuMs(platformPid);
    const clientCpuBefore = process.cpuUsage();
    for (let index = 0; index < events; index++) {
      const { orderId, sentAt, answeredAt } = await placeOrder();
      await fleet.until(orderId, count, DELIVERY_TIMEOUT_MS);
      const receipts = fleet.receipts(orderId);
      for (const at of receipts) latencies.push(at - answeredAt);
      if (receipts.length > 0) spreads.push(Math.max(...receipts) - Math.min(...receipts));
      answers.push(answeredAt - sentAt);
    }
    const platformCpu = cpuMs(platformPid) - platformCpuBefore;
    const clientCpu = process.cpuUsage(clientCpuBefore);
    await fleet.close();
    while ((await metric('graphql_subscriptions_active')) > 0) await sleep(20);
    if (fleet.problems.length > 0) console.warn(`${count} clients:`, fleet.problems.slice(0, 5));

    return {
      clients: count,
      'connect s': (connectMs / 1000).toFixed(1),
      delivered: `${latencies.length} of ${count * events}`,
      'p50 ms': percentile(latencies, 0.5),
      'p99 ms': percentile(latencies, 0.99),
      'max ms': percentile(latencies, 1),
      'first→last ms (p50)': percentile(spreads, 0.5),
      'placeOrder answered ms (p50)': percentile(answers, 0.5),
      'RSS/conn KiB': ((rssAfter - rssBefore) / count / 1024).toFixed(1),
      'heap/conn KiB': ((heapAfter - heapBefore) / count / 1024).toFixed(1),
      'platform CPU/event ms': (platformCpu / events).toFixed(0),
      'client CPU/event ms': ((clientCpu.user + clientCpu.system) / 1000 / events).toFixed(0),
    };
  }
} finally {
  platform.child.kill('SIGINT');
  await platform.exited;
  rmSync(dataDir, { recursive: true, force: true });
}

/** The gateway process's used heap once it has been idle for a moment (the figure GC leaves). */
async function settledHeap(): Promise<number> {
  await sleep(3_000);
  return metric('nodejs_heap_size_used_bytes');
}

function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!);
}
