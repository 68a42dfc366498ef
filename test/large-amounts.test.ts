import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpisDocument, TimeseriesDocument, type GoCoffeeClient } from '../client-sdk/index.ts';
import { DEMO_TENANTS, type DemoTenant } from '../common/demo.ts';
import { recordCompletedSales, recordStore } from './support/analytics-sales.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

const [demo] = DEMO_TENANTS as [DemoTenant];
const seoul = { id: randomUUID(), timezone: 'Asia/Seoul', currency: 'KRW' };
// Two catering orders of ₩1.5 billion each: their sum does not fit GraphQL's 32-bit Int.
const LARGE_ORDER = 1_500_000_000;
const DAY = { from: '2026-03-02', to: '2026-03-02' };

let platform: TestPlatform;
let manager: GoCoffeeClient;

beforeAll(async () => {
  platform = await startTestPlatform();
  const analytics = subgraphDatabase(platform, 'analytics');
  await recordStore(analytics, demo.id, seoul);
  await recordCompletedSales(
    analytics,
    demo.id,
    ['2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z'].map((placedAt) => ({
      storeId: seoul.id,
      customerId: randomUUID(),
      currency: 'KRW',
      lines: [{ productId: randomUUID(), productName: 'Catering', quantity: 1, total: LARGE_ORDER }],
      itemCount: 1,
      total: LARGE_ORDER,
      placedAt,
    })),
  );
  manager = await signInAs(platform.gatewayUrl, demo, 'MANAGER');
});
afterAll(async () => {
  await manager?.dispose();
  await platform?.stop();
});

describe('amounts beyond 32 bits', () => {
  it("answers a day's revenue of ₩3 billion exactly, in kpis and in the daily series", async () => {
    const { kpis } = await manager.request(KpisDocument, { range: DAY, storeId: seoul.id });
    expect(kpis!.revenue.map((figure) => figure.value)).toEqual([{ amount: 2 * LARGE_ORDER, currency: 'KRW' }]);

    const { timeseries } = await manager.request(TimeseriesDocument, {
      metric: 'REVENUE',
      granularity: 'DAY',
      range: DAY,
      storeId: seoul.id,
    });
    expect(timeseries.map((point) => point.amounts)).toEqual([[{ amount: 2 * LARGE_ORDER, currency: 'KRW' }]]);
  });
});
