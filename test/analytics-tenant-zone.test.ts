import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateReportDocument,
  CurrentTenantDocument,
  KpisDocument,
  RecordInStorePaymentDocument,
  ScheduleReportDocument,
  SetTenantTimeZoneDocument,
  SignUpDocument,
  TimeseriesDocument,
  UpdateStoreDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS, type DemoTenant } from '../common/demo.ts';
import { localDate } from '../common/time/zoned-time.ts';
import { eventually } from './support/eventually.ts';
import { createMenuFixture, type MenuFixture } from './support/menu-fixtures.ts';
import { placePayableOrder } from './support/payable-order.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

// Fourteen hours ahead of UTC and eleven behind: at any instant their dates differ.
const KIRITIMATI = 'Pacific/Kiritimati';
const PAGO_PAGO = 'Pacific/Pago_Pago';
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

const demo = DEMO_TENANTS[0] as DemoTenant;
const store = demo.stores[0]!;

let platform: TestPlatform;
let menu: MenuFixture;
let owner: GoCoffeeClient;
let manager: GoCoffeeClient;

beforeAll(async () => {
  platform = await startTestPlatform();
  menu = await createMenuFixture(subgraphDatabase(platform, 'orders'), demo.id);
  [owner, manager] = await Promise.all([
    signInAs(platform.gatewayUrl, demo, 'OWNER'),
    signInAs(platform.gatewayUrl, demo, 'MANAGER'),
  ]);
  const { updateStore } = await owner.request(UpdateStoreDocument, {
    input: { storeId: store.id, openingHours: ALL_DAY },
  });
  expect(updateStore.errors).toEqual([]);
});
afterAll(async () => {
  await Promise.all([owner, manager].map((client) => client?.dispose()));
  await platform?.stop();
});

/** Every store's orders on that date, read in the tenant's own zone (no `timeZone` asked). */
const ordersOn = async (date: string) =>
  (await manager.request(KpisDocument, { range: { from: date, to: date } })).kpis!.orders.value;

async function setZone(client: GoCoffeeClient, timeZone: string) {
  return (await client.request(SetTenantTimeZoneDocument, { input: { timeZone } })).setTenantTimeZone;
}

describe("the tenant's time zone", () => {
  it("dates every store's figures together in it, and again when the owner changes it", async () => {
    const [customer, barista] = await Promise.all([
      signInAs(platform.gatewayUrl, demo, 'CUSTOMER'),
      signInAs(platform.gatewayUrl, demo, 'BARISTA'),
    ]);
    const order = await placePayableOrder({
      customer,
      staff: barista,
      menu,
      storeId: store.id,
      idempotencyKey: 'tenant-zone-order',
    });
    const { recordInStorePayment } = await barista.request(RecordInStorePaymentDocument, {
      input: { orderId: order.id, method: 'CASH', idempotencyKey: 'tenant-zone-payment' },
    });
    expect(recordInStorePayment.errors).toEqual([]);
    await Promise.all([customer.dispose(), barista.dispose()]);
    const soldAt = new Date();
    const [ahead, behind] = [localDate(soldAt, KIRITIMATI), localDate(soldAt, PAGO_PAGO)];
    await eventually(async () => expect(await ordersOn(localDate(soldAt, 'UTC'))).toBe(1));

    const changed = await setZone(owner, KIRITIMATI);
    expect(changed.errors).toEqual([]);
    expect(changed.tenant!.timeZone).toBe(KIRITIMATI);
    expect((await manager.request(CurrentTenantDocument)).currentTenant!.timeZone).toBe(KIRITIMATI);
    await eventually(async () => {
      expect(await ordersOn(ahead)).toBe(1);
      expect(await ordersOn(behind)).toBe(0);
    });
    const { timeseries } = await manager.request(TimeseriesDocument, {
      metric: 'ORDERS',
      granularity: 'DAY',
      range: { from: behind, to: ahead },
    });
    expect(timeseries.at(-1)).toMatchObject({ label: ahead, count: 1 });
    expect(timeseries.slice(0, -1).every((point) => point.count === 0)).toBe(true);

    expect((await setZone(owner, PAGO_PAGO)).errors).toEqual([]);
    await eventually(async () => {
      expect(await ordersOn(behind)).toBe(1);
      expect(await ordersOn(ahead)).toBe(0);
    });
    // Another zone can still be asked for explicitly.
    const { kpis } = await manager.request(KpisDocument, { range: { from: ahead, to: ahead }, timeZone: KIRITIMATI });
    expect(kpis!.orders.value).toBe(1);

    // A report's schedule runs in the tenant's working day unless it names a zone.
    const { createReport } = await manager.request(CreateReportDocument, {
      input: {
        name: 'Daily orders',
        metrics: ['ORDERS'],
        range: { from: behind, to: behind },
        granularity: 'DAY',
        idempotencyKey: 'tenant-zone-report',
      },
    });
    expect(createReport.errors).toEqual([]);
    const { scheduleReport } = await manager.request(ScheduleReportDocument, {
      input: {
        reportId: createReport.report!.id,
        cron: '0 7 * * *',
        recipients: ['manager@example.com'],
        idempotencyKey: 'tenant-zone-schedule',
      },
    });
    expect(scheduleReport.errors).toEqual([]);
    expect(scheduleReport.schedule!.timeZone).toBe(PAGO_PAGO);
    const at = new Intl.DateTimeFormat('en-GB', { timeZone: PAGO_PAGO, timeStyle: 'short' });
    expect(at.format(new Date(scheduleReport.schedule!.nextRunAt!))).toBe('07:00');
  });

  it("is read from the company's sign-up", async () => {
    const client = createGoCoffeeClient({ url: platform.gatewayUrl });
    const { signUp } = await client.request(SignUpDocument, {
      input: {
        companyName: 'Tokyo Drip',
        slug: 'tokyo-drip',
        name: 'Kenji Roaster',
        email: 'kenji@tokyo-drip.example',
        password: 'correct horse battery',
        timeZone: 'Asia/Tokyo',
      },
    });
    expect(signUp.errors).toEqual([]);
    client.setToken(signUp.accessToken!);
    // An hourly series of all stores starts at the first hour of the date in Tokyo.
    await eventually(async () => {
      const { timeseries } = await client.request(TimeseriesDocument, {
        metric: 'ORDERS',
        granularity: 'HOUR',
        range: { from: '2026-01-10', to: '2026-01-10' },
      });
      expect(timeseries[0]).toMatchObject({ start: '2026-01-09T15:00:00.000Z', label: '2026-01-10T00:00' });
    });
    await client.dispose();
  });

  it('refuses a name that is not a time zone, and staff other than owners and admins', async () => {
    const refused = await setZone(owner, 'Mars/Olympus_Mons');
    expect(refused.errors.map((error) => error.code)).toEqual(['INVALID_TIME_ZONE']);
    expect(refused.tenant).toBeNull();

    const denied = await manager.execute(SetTenantTimeZoneDocument, { input: { timeZone: 'Europe/Paris' } });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await owner.request(CurrentTenantDocument)).currentTenant!.timeZone).not.toBe('Europe/Paris');
  });
});
