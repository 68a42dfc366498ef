import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TimeseriesColumnsDocument,
  TimeseriesDocument,
  type GoCoffeeClient,
  type TimeseriesQueryVariables,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS, type DemoTenant } from '../common/demo.ts';
import { recordCompletedSales, recordStore } from './support/analytics-sales.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

const [demo] = DEMO_TENANTS as [DemoTenant];
const london = { id: randomUUID(), timezone: 'Europe/London', currency: 'GBP' };
const tokyo = { id: randomUUID(), timezone: 'Asia/Tokyo', currency: 'JPY' };
const DAYS = { from: '2026-03-02', to: '2026-03-03' };

let platform: TestPlatform;
let manager: GoCoffeeClient;
let barista: GoCoffeeClient;

const sale = (store: { id: string; currency: string }, placedAt: string, total: number) => ({
  storeId: store.id,
  customerId: randomUUID(),
  currency: store.currency,
  lines: [{ productId: randomUUID(), productName: 'Flat White', quantity: 1, total }],
  itemCount: 1,
  total,
  placedAt,
});

beforeAll(async () => {
  platform = await startTestPlatform();
  const analytics = subgraphDatabase(platform, 'analytics');
  await recordStore(analytics, demo.id, london);
  await recordStore(analytics, demo.id, tokyo);
  await recordCompletedSales(analytics, demo.id, [
    sale(london, '2026-03-02T08:10:00Z', 420),
    sale(london, '2026-03-02T08:40:00Z', 380),
    sale(tokyo, '2026-03-02T09:05:00Z', 650),
    sale(london, '2026-03-03T12:00:00Z', 450),
  ]);
  [manager, barista] = await Promise.all([
    signInAs(platform.gatewayUrl, demo, 'MANAGER'),
    signInAs(platform.gatewayUrl, demo, 'BARISTA'),
  ]);
});
afterAll(async () => {
  await Promise.all([manager?.dispose(), barista?.dispose()]);
  await platform?.stop();
});

async function bothForms(variables: TimeseriesQueryVariables) {
  const [{ timeseries }, { timeseriesColumns }] = await Promise.all([
    manager.request(TimeseriesDocument, variables),
    manager.request(TimeseriesColumnsDocument, variables),
  ]);
  return { points: timeseries, columns: timeseriesColumns };
}

describe('a series column by column', () => {
  it('carries the points of an hourly revenue series, a column per currency with zeros where it sold none', async () => {
    const { points, columns } = await bothForms({ metric: 'REVENUE', granularity: 'HOUR', range: DAYS });
    expect(points).toHaveLength(48);
    expect(columns.starts).toEqual(points.map((point) => point.start));
    expect(columns.labels).toEqual(points.map((point) => point.label));
    expect(columns.counts).toEqual([]);
    expect(columns.amounts.map((column) => column.currency)).toEqual(['GBP', 'JPY']);
    const amountIn = (currency: string, label: string) =>
      columns.amounts.find((column) => column.currency === currency)!.amounts[columns.labels.indexOf(label)];
    expect(amountIn('GBP', '2026-03-02T08:00')).toBe(800);
    expect(amountIn('JPY', '2026-03-02T08:00')).toBe(0);
    expect(amountIn('JPY', '2026-03-02T09:00')).toBe(650);
    for (const [index, point] of points.entries()) {
      for (const column of columns.amounts) {
        const amount = point.amounts.find((money) => money.currency === column.currency)?.amount ?? 0;
        expect(column.amounts[index]).toBe(amount);
      }
    }
  });

  it('carries the counts of a daily series in a store’s own dates', async () => {
    const { points, columns } = await bothForms({
      metric: 'ORDERS',
      granularity: 'DAY',
      range: DAYS,
      storeId: london.id,
    });
    expect(columns.labels).toEqual(['2026-03-02', '2026-03-03']);
    expect(columns.counts).toEqual(points.map((point) => point.count));
    expect(columns.counts).toEqual([2, 1]);
    expect(columns.amounts).toEqual([]);
  });

  it('is for those who may read sales figures', async () => {
    await expect(
      barista.request(TimeseriesColumnsDocument, { metric: 'REVENUE', granularity: 'DAY', range: DAYS }),
    ).rejects.toThrow(/FORBIDDEN/);
  });
});
