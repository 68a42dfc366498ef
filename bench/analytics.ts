/**
 * Analytics at scale through the gateway: `npm run bench:analytics -- [--orders 1000000] [--runs 50] [--events 100]`.
 * On a fresh database of its own on the PostgreSQL server at DATABASE_URL or TEST_DATABASE_URL (dropped
 * at the end), the platform started in this process with the demo tenant; a history of `--orders` orders
 * over 15 months at its three stores (Seattle, London, Tokyo) written into analytics' facts and rolled
 * up; then `kpis` and a 90-day hourly `timeseries` asked by the tenant's manager, and the time from a
 * payment's commit to the `kpiUpdated` snapshot that counts it. Without a server, PGlite takes a
 * history of at most 100,000 orders, for trying the benchmark out.
 */
import { print } from 'graphql';
import { parseArgs } from 'node:util';
import {
  KpiUpdatedDocument,
  KpisDocument,
  LoginDocument,
  PlaceOrderDocument,
  RecordInStorePaymentDocument,
  TimeseriesColumnsDocument,
  TimeseriesDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
  type KpisQueryVariables,
  type TimeseriesQueryVariables,
} from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail } from '../common/demo.ts';
import type { Role } from '../common/identity/identity.ts';
import { addDays, localDate } from '../common/time/zoned-time.ts';
import { subgraphDatabase } from '../test/support/platform-access.ts';
import { connectTo } from '../test/support/subscription-client.ts';
import { startTestPlatform } from '../test/support/test-platform.ts';
import { openAllDay, orderableLines } from './support/demo-ordering.ts';
import { seedSalesHistory } from './support/sales-history.ts';

const EMBEDDED_MAX_ORDERS = 100_000;
const { values: options } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '50' },
    events: { type: 'string', default: '100' },
  },
});
const orders = Number(options.orders);
const runs = Number(options.runs);
const events = Number(options.events);
const server = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
if (!server && orders > EMBEDDED_MAX_ORDERS) {
  console.error(
    `${orders} orders need PostgreSQL: set DATABASE_URL (or TEST_DATABASE_URL), or try it out on PGlite with --orders ${EMBEDDED_MAX_ORDERS} or fewer`,
  );
  process.exit(2);
}

const demo = DEMO_TENANTS[0]!;
const [seattle, london, tokyo] = demo.stores as [
  (typeof demo.stores)[number],
  (typeof demo.stores)[number],
  (typeof demo.stores)[number],
];
const HISTORY_DAYS = 456;
const WARM_UP = 5;

const platform = await startTestPlatform({ LOG_LEVEL: 'warn' }, server);
try {
  console.log(`Database: ${platform.databaseDescription}; Node ${process.version}`);
  const seeded = await seedSalesHistory(subgraphDatabase(platform, 'analytics'), demo.id, {
    orders,
    days: HISTORY_DAYS,
    customers: Math.max(100, Math.round(orders / 25)),
    stores: [
      { ...seattle, weight: 1 },
      { ...london, weight: 0.8 },
      { ...tokyo, weight: 0.6 },
    ],
  });
  console.log(
    `Seeded ${seeded.orders} orders of ${seeded.customers} customers over ${HISTORY_DAYS} days: facts in ${seeded.factsSeconds.toFixed(1)} s, rollups in ${seeded.rollupSeconds.toFixed(1)} s`,
  );

  const manager = await signIn('MANAGER');
  const queries = await measureQueries(manager);
  console.log(`\nQueries through the gateway, ${runs} runs each after ${WARM_UP} warm-up runs:`);
  console.table(queries);

  const live = await measureLiveLatency(manager);
  console.log(`\nkpiUpdated, ${events} orders paid:`);
  console.table(live);
  await manager.dispose();
} finally {
  await platform.stop();
}

async function signIn(role: Role): Promise<GoCoffeeClient & { token: string }> {
  const client = createGoCoffeeClient({ url: platform.gatewayUrl });
  const { login } = await client.request(LoginDocument, {
    input: { email: demoEmail(demo, role), password: DEMO_PASSWORD, tenantSlug: demo.slug },
  });
  client.setToken(login.accessToken!);
  return Object.assign(client, { token: login.accessToken! });
}

function summary(name: string, timings: number[]) {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
  return { case: name, 'p50 ms': round(at(0.5)), 'p95 ms': round(at(0.95)), 'max ms': round(sorted.at(-1)!) };
}
function round(ms: number) {
  return Math.round(ms * 10) / 10;
}

type Case = [name: string, call: () => Promise<unknown>];

/**
 * Every case warmed up first, then each measured in turn: the process's first requests (code not yet
 * optimised, caches cold) would otherwise land on whichever case runs first.
 */
async function timedCases(cases: Case[]) {
  for (const [, call] of cases) for (let run = 0; run < WARM_UP; run++) await call();
  const results = [];
  for (const [name, call] of cases) {
    const timings: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await call();
      timings.push(performance.now() - started);
    }
    results.push(summary(name, timings));
  }
  return results;
}

/** The last `days` days up to today in the zone. */
function lastDays(days: number, timeZone: string) {
  const today = localDate(new Date(), timeZone);
  return { from: addDays(today, 1 - days), to: today };
}

async function measureQueries(client: GoCoffeeClient) {
  const kpis = (variables: KpisQueryVariables) => async () => {
    const { kpis } = await client.request(KpisDocument, variables);
    // A store's today may not have begun trading yet; the compared period has.
    if (!kpis || kpis.orders.value + kpis.orders.previous === 0) {
      throw new Error(`kpis ${JSON.stringify(variables)} found no sales`);
    }
  };
  const points = (variables: TimeseriesQueryVariables) => async () => {
    const { timeseries } = await client.request(TimeseriesDocument, variables);
    if (timeseries.length < 90 * 24) throw new Error(`timeseries ${JSON.stringify(variables)} is short`);
  };
  // What a dashboard's chart asks for a long series.
  const series = (variables: TimeseriesQueryVariables) => async () => {
    const { timeseriesColumns } = await client.request(TimeseriesColumnsDocument, variables);
    if (timeseriesColumns.starts.length < 90 * 24) throw new Error(`timeseries ${JSON.stringify(variables)} is short`);
  };
  const store = seattle.id;
  const zone = seattle.timezone;
  return timedCases([
    ['kpis today, one store', kpis({ range: lastDays(1, zone), storeId: store })],
    ['kpis last 7 days, one store', kpis({ range: lastDays(7, zone), storeId: store })],
    ['kpis last 30 days, one store', kpis({ range: lastDays(30, zone), storeId: store })],
    ['kpis last 90 days, one store', kpis({ range: lastDays(90, zone), storeId: store })],
    [
      'kpis last 30 days, one store, vs last year',
      kpis({ range: lastDays(30, zone), storeId: store, compareTo: 'SAME_PERIOD_LAST_YEAR' }),
    ],
    ['kpis today, all stores', kpis({ range: lastDays(1, 'UTC') })],
    ['kpis last 7 days, all stores', kpis({ range: lastDays(7, 'UTC') })],
    ['kpis last 30 days, all stores', kpis({ range: lastDays(30, 'UTC') })],
    ['kpis last 90 days, all stores', kpis({ range: lastDays(90, 'UTC') })],
    [
      'kpis last 90 days, all stores, vs last year',
      kpis({ range: lastDays(90, 'UTC'), compareTo: 'SAME_PERIOD_LAST_YEAR' }),
    ],
    [
      'timeseries revenue, 90 days hourly, one store',
      series({ metric: 'REVENUE', granularity: 'HOUR', range: lastDays(90, zone), storeId: store }),
    ],
    [
      'timeseries revenue, 90 days hourly, all stores',
      series({ metric: 'REVENUE', granularity: 'HOUR', range: lastDays(90, 'UTC') }),
    ],
    [
      'timeseries customers, 90 days hourly, one store',
      series({ metric: 'CUSTOMERS', granularity: 'HOUR', range: lastDays(90, zone), storeId: store }),
    ],
    [
      'timeseries revenue, 90 days hourly, one store, as points',
      points({ metric: 'REVENUE', granularity: 'HOUR', range: lastDays(90, zone), storeId: store }),
    ],
  ]);
}

type Snapshot = { kpiUpdated: { orders: { value: number } } };

/** Each snapshot's count of today's orders and when it arrived, as they come. */
function timedSnapshots(socket: ReturnType<typeof connectTo>, storeId: string) {
  const arrivals: { orders: number; at: number }[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  socket.subscribe(
    { query: print(KpiUpdatedDocument), variables: { storeId } },
    {
      next: (event) => {
        if (event.errors) failure = event.errors;
        else arrivals.push({ orders: (event.data as Snapshot).kpiUpdated.orders.value, at: performance.now() });
        wake?.();
      },
      error: (error) => {
        failure = error;
        wake?.();
      },
      complete: () => {},
    },
  );
  /** When the first snapshot counting more than `orders` arrived. */
  return async function counting(orders: number): Promise<number> {
    for (;;) {
      if (failure) throw new Error(`kpiUpdated failed: ${JSON.stringify(failure)}`);
      const arrival = arrivals.find((candidate) => candidate.orders > orders);
      if (arrival) {
        arrivals.length = 0;
        return arrival.at;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
}

/**
 * Orders placed by the demo customer at the Seattle store and paid in store by its barista, one after
 * another. Each latency runs from the OrderPaid event's publication on the bus (right after its
 * commit) to the arrival of the first snapshot counting the order; and, as a user sees it, from the
 * payment's answer.
 */
async function measureLiveLatency(manager: GoCoffeeClient & { token: string }) {
  const [owner, customer, barista] = [await signIn('OWNER'), await signIn('CUSTOMER'), await signIn('BARISTA')];
  await openAllDay(owner, seattle.id);
  const lines = await orderableLines(
    platform.gatewayUrl,
    { authorization: `Bearer ${manager.token}`, 'content-type': 'application/json' },
    seattle.id,
  );
  const published = new Map<string, number>();
  const stopObserving = await platform.bus.subscribe('bench-order-paid', async (event) => {
    if (event.type === 'OrderPaid') published.set((event.payload as { orderId: string }).orderId, performance.now());
  });
  const socket = connectTo(platform.gatewayUrl.replace(/^http/, 'ws'), `Bearer ${manager.token}`);
  const counting = timedSnapshots(socket, seattle.id);
  const today = localDate(new Date(), seattle.timezone);
  const current = async () =>
    (await manager.request(KpisDocument, { range: { from: today, to: today }, storeId: seattle.id })).kpis!.orders
      .value;
  // Until the subscription is live upstream, an event is heard by nobody.
  await new Promise((resolve) => setTimeout(resolve, 500));

  const fromEvent: number[] = [];
  const fromAnswer: number[] = [];
  for (let index = 0; index < WARM_UP + events; index++) {
    const before = await current();
    const { placeOrder } = await customer.request(PlaceOrderDocument, {
      input: { storeId: seattle.id, lines, idempotencyKey: `bench-analytics-${process.pid}-${index}` },
    });
    if (placeOrder.errors.length > 0) throw new Error(`placeOrder: ${JSON.stringify(placeOrder.errors)}`);
    const orderId = placeOrder.order!.id;
    const answered = await payInStore(barista, orderId, `bench-analytics-pay-${process.pid}-${index}`);
    const arrived = await counting(before);
    if (index >= WARM_UP) {
      fromEvent.push(arrived - published.get(orderId)!);
      fromAnswer.push(arrived - answered);
    }
    // Let the pushes of this order settle, so the next one starts from a quiet subscription.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopObserving();
  await socket.dispose();
  await Promise.all([owner.dispose(), customer.dispose(), barista.dispose()]);
  return [
    summary('OrderPaid published → snapshot counting it arrives', fromEvent),
    summary('payment answered → snapshot counting it arrives', fromAnswer),
  ];
}

/** Pays the order in cash; payments hears of a new order through its event, so it may not know it yet. */
async function payInStore(barista: GoCoffeeClient, orderId: string, idempotencyKey: string): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { recordInStorePayment } = await barista.request(RecordInStorePaymentDocument, {
      input: { orderId, method: 'CASH', idempotencyKey: `${idempotencyKey}-${attempt}` },
    });
    const committed = performance.now();
    const [error] = recordInStorePayment.errors;
    if (!error) return committed;
    if (error.code !== 'ORDER_NOT_FOUND') throw new Error(`recordInStorePayment: ${JSON.stringify(error)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`payments never heard of order ${orderId}`);
}
