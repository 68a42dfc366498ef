import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  KpiUpdatedDocument,
  KpisDocument,
  LoginDocument,
  PlaceOrderDocument,
  RecordInStorePaymentDocument,
  UpdateStoreDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail, type DemoTenant } from '../common/demo.ts';
import type { Role } from '../common/identity/identity.ts';
import { localDate } from '../common/time/zoned-time.ts';
import { storeKpiTopic } from '../subgraphs/analytics/live-topics.ts';
import { createMenuFixture, type MenuFixture } from './support/menu-fixtures.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { untilListening } from './support/pubsub-listeners.ts';
import { connectTo, subscribe, type EventStream } from './support/subscription-client.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

const [demo, rival] = DEMO_TENANTS as [DemoTenant, DemoTenant];
const store = demo.stores[0]!;
const rivalStore = rival.stores[0]!;
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

let platform: TestPlatform;
let menu: MenuFixture;
let customer: GoCoffeeClient;
let barista: GoCoffeeClient;
let manager: GoCoffeeClient;
const tokens = new Map<string, string>();
let keys = 0;

async function signIn(tenant: DemoTenant, role: Role): Promise<GoCoffeeClient> {
  const client = createGoCoffeeClient({ url: platform.gatewayUrl });
  const { login } = await client.request(LoginDocument, {
    input: { email: demoEmail(tenant, role), password: DEMO_PASSWORD, tenantSlug: tenant.slug },
  });
  client.setToken(login.accessToken!);
  tokens.set(`${tenant.slug}/${role}`, login.accessToken!);
  return client;
}

beforeAll(async () => {
  platform = await startTestPlatform();
  menu = await createMenuFixture(subgraphDatabase(platform, 'orders'), demo.id);
  const owner = await signIn(demo, 'OWNER');
  [customer, barista, manager] = await Promise.all([
    signIn(demo, 'CUSTOMER'),
    signIn(demo, 'BARISTA'),
    signIn(demo, 'MANAGER'),
  ]);
  await signIn(rival, 'MANAGER');
  const { updateStore } = await owner.request(UpdateStoreDocument, {
    input: { storeId: store.id, openingHours: ALL_DAY },
  });
  expect(updateStore.errors).toEqual([]);
  await owner.dispose();
});
afterAll(async () => {
  await Promise.all([customer, barista, manager].map((client) => client?.dispose()));
  await platform?.stop();
});

const sockets: Client[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) await socket.dispose();
});

function dashboard(tenant: DemoTenant, storeId: string): EventStream {
  const socket = connectTo(
    platform.gatewayUrl.replace(/^http/, 'ws'),
    `Bearer ${tokens.get(`${tenant.slug}/MANAGER`)}`,
  );
  sockets.push(socket);
  return subscribe(socket, print(KpiUpdatedDocument), { storeId });
}

async function placeOrder() {
  const { placeOrder } = await customer.request(PlaceOrderDocument, {
    input: {
      storeId: store.id,
      idempotencyKey: `analytics-live-${++keys}`,
      lines: [
        { productId: menu.latte.id, variantId: menu.latte.small, quantity: 2, modifierOptionIds: [menu.milk.oat] },
      ],
    },
  });
  expect(placeOrder.errors).toEqual([]);
  return placeOrder.order!;
}

const todaysOrders = async () => {
  const today = localDate(new Date(), store.timezone);
  const { kpis } = await manager.request(KpisDocument, { range: { from: today, to: today }, storeId: store.id });
  return kpis!.orders.value;
};

type Snapshot = { kpiUpdated: { orders: { value: number }; revenue: { value: { amount: number } }[] } };

describe('kpiUpdated through the gateway', () => {
  it("pushes the store's fresh figures to a dashboard once an order placed there is paid", async () => {
    const before = await todaysOrders();
    const live = dashboard(demo, store.id);
    await untilListening(platform, storeKpiTopic(store.id));
    const order = await placeOrder();
    const { recordInStorePayment } = await barista.request(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CASH', idempotencyKey: `analytics-pay-${++keys}` },
    });
    expect(recordInStorePayment.errors).toEqual([]);
    let snapshot: Snapshot['kpiUpdated'];
    do {
      const event = await live.next();
      expect(event.errors).toBeUndefined();
      snapshot = (event.data as Snapshot).kpiUpdated;
    } while (snapshot.orders.value === before);
    expect(snapshot.orders.value).toBe(before + 1);
    expect(snapshot.revenue[0]!.value.amount).toBeGreaterThanOrEqual(order.total.amount);
    expect(await todaysOrders()).toBe(before + 1);
  });

  it("refuses another tenant's manager the store's figures, as for a store that does not exist", async () => {
    const stranger = dashboard(rival, store.id);
    const event = await stranger.next().catch((error: unknown) => ({ errors: error }));
    expect(JSON.stringify(event)).toContain('NOT_FOUND');
  });

  it("tells another tenant's dashboard nothing of this tenant's sales", async () => {
    const own = dashboard(rival, rivalStore.id);
    const heard: unknown[] = [];
    void own.next().then(
      (event) => heard.push(event),
      () => {},
    );
    await untilListening(platform, storeKpiTopic(rivalStore.id));
    const order = await placeOrder();
    await barista.request(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CASH', idempotencyKey: `analytics-pay-${++keys}` },
    });
    await expect.poll(todaysOrders).toBeGreaterThan(0);
    // Nothing is on its way: a push follows the figures' commit within milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([]);
  });
});
