import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CohortRetentionDocument,
  CreateStoreDocument,
  CurrentTenantDocument,
  CustomerSegmentsDocument,
  ForecastDocument,
  InsightsDocument,
  SignUpDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
} from '../client-sdk/index.ts';
import { DEMO_TENANTS, type DemoTenant } from '../common/demo.ts';
import type { Identity } from '../common/identity/identity.ts';
import { addDays, dayOfWeek, localDate, zonedInstant } from '../common/time/zoned-time.ts';
import { recordCompletedSales, recordStore } from './support/analytics-sales.ts';
import { callSubgraphAs, subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

const DAY = 86_400_000;
const demo = DEMO_TENANTS[0] as DemoTenant;

interface Sale {
  storeId: string;
  customerId: string | null;
  currency: string;
  total: number;
  placedAt: Date;
  product?: { id: string; name: string };
}

let platform: TestPlatform;

/** A company of its own, signed up through the gateway, whose owner's client reads its analytics. */
async function newCompany(slug: string): Promise<{ owner: GoCoffeeClient; tenantId: string }> {
  const owner = createGoCoffeeClient({ url: platform.gatewayUrl });
  const { signUp } = await owner.request(SignUpDocument, {
    input: { companyName: slug, slug, name: 'Owner', email: `owner@${slug}.test`, password: 'a long enough password' },
  });
  expect(signUp.errors).toEqual([]);
  owner.setToken(signUp.accessToken!);
  const { currentTenant } = await owner.request(CurrentTenantDocument);
  return { owner, tenantId: currentTenant!.id };
}

/** Stores and completed sales, fed through analytics' ingestion as the orders subgraph's events. */
async function recordSales(
  tenantId: string,
  stores: { id: string; timezone: string; currency: string }[],
  sales: Sale[],
): Promise<void> {
  const database = subgraphDatabase(platform, 'analytics');
  for (const store of stores) await recordStore(database, tenantId, store);
  for (let start = 0; start < sales.length; start += 500) {
    await recordCompletedSales(
      database,
      tenantId,
      sales.slice(start, start + 500).map((sale) => ({
        storeId: sale.storeId,
        customerId: sale.customerId,
        currency: sale.currency,
        lines: sale.product
          ? [{ productId: sale.product.id, productName: sale.product.name, quantity: 1, total: sale.total }]
          : [],
        itemCount: 1,
        total: sale.total,
        placedAt: sale.placedAt.toISOString(),
      })),
    );
  }
}

/** A store opened through the gateway: the orders subgraph owns it and resolves its name. */
async function openStore(owner: GoCoffeeClient, name: string) {
  const { createStore } = await owner.request(CreateStoreDocument, {
    input: { name, timezone: 'UTC', currency: 'USD', idempotencyKey: randomUUID() },
  });
  expect(createStore.errors).toEqual([]);
  const { id, timezone, currency } = createStore.store!;
  return { id, name, timezone, currency };
}

const daysAgo = (now: number, days: number) => new Date(now - days * DAY);

/** 20 regulars who buy every week, 10 who bought weekly for 20 weeks and stopped 12 weeks ago, 60 one-off buyers. */
function customerHistory(storeId: string, now: number) {
  const regulars = Array.from({ length: 20 }, (): string => randomUUID());
  const lapsed = Array.from({ length: 10 }, (): string => randomUUID());
  const sales: Sale[] = [];
  const sale = (customerId: string, total: number, days: number) =>
    sales.push({ storeId, customerId, currency: 'GBP', total, placedAt: daysAgo(now, days) });
  regulars.forEach((customer, i) => {
    for (let week = 0; week < 26; week++) sale(customer, 300 + 50 * i + ((week * 13) % 50), 1 + (i % 5) + 7 * week);
  });
  lapsed.forEach((customer, i) => {
    for (let week = 0; week < 20; week++) sale(customer, 350 + 80 * i + ((week * 17) % 40), 84 + 7 * week);
  });
  for (let i = 0; i < 20; i++) sale(randomUUID(), 450, 150 + i * 5);
  for (let i = 0; i < 40; i++) sale(randomUUID(), 450, 1 + i * 2);
  return { regulars, lapsed, sales };
}

/** Orders on each weekday, Monday first: a store's steady week. */
const WEEK_PATTERN = [10, 12, 14, 16, 20, 30, 25];
const FORECAST_PRICE = 500;

/** Ten weeks up to yesterday of the pattern give or take an order, every order at noon. */
function steadyWeeks(storeId: string, timeZone: string): Sale[] {
  const today = localDate(new Date(), timeZone);
  const sales: Sale[] = [];
  for (let day = 70; day >= 1; day--) {
    const date = addDays(today, -day);
    const orders = WEEK_PATTERN[dayOfWeek(date) - 1]! + ((day * 7) % 3) - 1;
    for (let n = 0; n < orders; n++) {
      sales.push({
        storeId,
        customerId: null,
        currency: 'USD',
        total: FORECAST_PRICE,
        placedAt: zonedInstant(date, 12 * 3600 + n, timeZone),
      });
    }
  }
  return sales;
}

const FLAT_WHITE = { id: randomUUID(), name: 'Flat White' };
const CORTADO = { id: randomUUID(), name: 'Cortado' };

/**
 * Nine weeks of ten flat whites at 09:00 UTC and ten cortados at 10:00 every day, then yesterday a rush
 * of forty flat whites at 09:00.
 */
function rushYesterday(storeId: string): Sale[] {
  const yesterday = addDays(localDate(new Date(), 'UTC'), -1);
  const sales: Sale[] = [];
  for (let day = 63; day >= 0; day--) {
    const date = addDays(yesterday, -day);
    const flatWhites = day === 0 ? 40 : 10;
    for (let n = 0; n < flatWhites; n++) {
      sales.push({
        storeId,
        customerId: null,
        currency: 'USD',
        total: 500,
        placedAt: new Date(`${date}T09:00:${String(n % 60).padStart(2, '0')}Z`),
        product: FLAT_WHITE,
      });
    }
    for (let n = 0; n < 10; n++) {
      sales.push({
        storeId,
        customerId: null,
        currency: 'USD',
        total: 400,
        placedAt: new Date(`${date}T10:00:${String(n).padStart(2, '0')}Z`),
        product: CORTADO,
      });
    }
  }
  return sales;
}

let company: { owner: GoCoffeeClient; tenantId: string };
let history: ReturnType<typeof customerHistory>;
const customerStore = { id: randomUUID(), timezone: 'Europe/London', currency: 'GBP' };
const forecastStore = { id: randomUUID(), timezone: 'America/New_York', currency: 'USD' };
const newStore = { id: randomUUID(), timezone: 'UTC', currency: 'EUR' };
let busyStore: Awaited<ReturnType<typeof openStore>>;
let quietStore: Awaited<ReturnType<typeof openStore>>;

beforeAll(async () => {
  platform = await startTestPlatform();
  company = await newCompany('insight-roasters');
  busyStore = await openStore(company.owner, 'Busy Corner');
  quietStore = await openStore(company.owner, 'Quiet Lane');
  history = customerHistory(customerStore.id, Date.now());
  const newStoreSales = Array.from({ length: 10 }, (_, day) => ({
    storeId: newStore.id,
    customerId: null,
    currency: 'EUR',
    total: 300,
    placedAt: daysAgo(Date.now(), day + 1),
  }));
  const quietSales = [1, 2].map((n) => ({
    storeId: quietStore.id,
    customerId: null,
    currency: 'USD',
    total: 500,
    placedAt: new Date(`${addDays(localDate(new Date(), 'UTC'), -1)}T12:0${n}:00Z`),
  }));
  await recordSales(
    company.tenantId,
    [customerStore, forecastStore, newStore, busyStore, quietStore],
    [
      ...history.sales,
      ...steadyWeeks(forecastStore.id, forecastStore.timezone),
      ...newStoreSales,
      ...rushYesterday(busyStore.id),
      ...quietSales,
    ],
  );
}, 120_000);
afterAll(async () => {
  await company?.owner.dispose();
  await platform?.stop();
});

const segments = async (client: GoCoffeeClient, storeId?: string) =>
  (await client.request(CustomerSegmentsDocument, { storeId, first: 50 })).customerSegments;
const segmentOf = async (segment: string) => (await segments(company.owner)).find((row) => row.segment === segment)!;

describe('customer insights through the gateway', () => {
  it('names the weekly regulars Champions, with little churn risk and about a purchase a week ahead', async () => {
    const champions = await segmentOf('CHAMPIONS');
    expect(champions.customers).toBe(history.regulars.length);
    expect(champions.topCustomers.map((customer) => customer.id).sort()).toEqual([...history.regulars].sort());
    for (const { insights } of champions.topCustomers) {
      expect(insights!.orders).toBe(26);
      expect(insights!.rfm.frequency).toBe(5);
      expect(insights!.rfm.recency).toBeGreaterThanOrEqual(4);
      const prediction = insights!.prediction!;
      expect(prediction.churnRisk).toBeLessThan(0.2);
      expect(prediction.expectedPurchases).toBeGreaterThan(6);
      expect(prediction.expectedPurchases).toBeLessThan(16);
      expect(prediction.expectedPurchasesInterval!.lower).toBeLessThanOrEqual(prediction.expectedPurchases);
      expect(prediction.expectedPurchasesInterval!.upper).toBeGreaterThanOrEqual(prediction.expectedPurchases);
      // Between the customer's own average and the population's: no lower than the smallest, no higher than the biggest.
      expect(prediction.expectedSpendPerOrder!.currency).toBe('GBP');
      expect(prediction.expectedSpendPerOrder!.amount).toBeGreaterThanOrEqual(300);
      expect(prediction.expectedSpendPerOrder!.amount).toBeLessThanOrEqual(1_300);
      expect(prediction.ltv!.currency).toBe('GBP');
      expect(prediction.ltv!.amount).toBeGreaterThan(
        prediction.expectedSpendPerOrder!.amount * prediction.expectedPurchases,
      );
      expect(prediction.ltvInterval!.lower.amount).toBeLessThanOrEqual(prediction.ltv!.amount);
      expect(prediction.ltvInterval!.upper.amount).toBeGreaterThanOrEqual(prediction.ltv!.amount);
    }
  });

  it('puts the customers who bought weekly and stopped At Risk, with a high churn risk and little expected', async () => {
    const atRisk = await segmentOf('AT_RISK');
    expect(atRisk.topCustomers.map((customer) => customer.id).sort()).toEqual([...history.lapsed].sort());
    const lapsedSales = history.sales.filter((sale) => history.lapsed.includes(sale.customerId!));
    expect(atRisk.revenue).toEqual([
      { amount: lapsedSales.reduce((sum, sale) => sum + sale.total, 0), currency: 'GBP' },
    ]);
    for (const { insights } of atRisk.topCustomers) {
      expect(insights!.segment).toBe('AT_RISK');
      expect(insights!.prediction!.churnRisk).toBeGreaterThan(0.8);
      expect(insights!.prediction!.probabilityAlive).toBeCloseTo(1 - insights!.prediction!.churnRisk, 10);
      expect(insights!.prediction!.expectedPurchases).toBeLessThan(1);
    }
  });

  it('counts every customer in exactly one segment, and only the chosen store’s', async () => {
    const all = await segments(company.owner);
    expect(all.map((row) => row.segment)).toEqual([
      'CHAMPIONS',
      'LOYAL',
      'POTENTIAL',
      'NEW',
      'AT_RISK',
      'HIBERNATING',
      'LOST',
    ]);
    expect(all.reduce((sum, row) => sum + row.customers, 0)).toBe(90);
    const elsewhere = await segments(company.owner, forecastStore.id);
    expect(elsewhere.every((row) => row.customers === 0 && row.revenue.length === 0)).toBe(true);
    expect(await segments(company.owner, randomUUID())).toEqual([]);
  });

  it('explains why a company with too few customers has no prediction, and still scores them', async () => {
    const small = await newCompany('tiny-beans');
    const storeId = randomUUID();
    const customer = randomUUID();
    await recordSales(
      small.tenantId,
      [{ id: storeId, timezone: 'UTC', currency: 'EUR' }],
      [
        { storeId, customerId: customer, currency: 'EUR', total: 350, placedAt: daysAgo(Date.now(), 9) },
        { storeId, customerId: customer, currency: 'EUR', total: 450, placedAt: daysAgo(Date.now(), 2) },
      ],
    );
    const rows = await segments(small.owner);
    const [scored] = rows.flatMap((row) => row.topCustomers);
    expect(scored!.id).toBe(customer);
    expect(scored!.insights).toMatchObject({
      orders: 2,
      totalSpend: { amount: 800, currency: 'EUR' },
      prediction: null,
    });
    expect(scored!.insights!.predictionUnavailable).toMatch(/at least 20 customers/);
    await small.owner.dispose();
  });

  it("gives another tenant's caller null for this tenant's customers, even asked for them by id", async () => {
    const identityIn = (tenantId: string): Identity => ({
      kind: 'user',
      userId: randomUUID(),
      tenantId,
      roles: ['OWNER'],
      scopes: [],
      tier: 'PROFESSIONAL',
    });
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id insights { orders } } } }`;
    const representations = history.regulars.slice(0, 3).map((id) => ({ __typename: 'User', id }));
    const stranger = await callSubgraphAs(platform, 'analytics', identityIn(demo.id), query, { r: representations });
    expect(stranger.errors).toBeUndefined();
    expect(stranger.data._entities).toEqual([null, null, null]);
    const own = await callSubgraphAs(platform, 'analytics', identityIn(company.tenantId), query, {
      r: representations,
    });
    expect(own.data._entities.map((user: { insights: { orders: number } }) => user.insights.orders)).toEqual([
      26, 26, 26,
    ]);
  });

  it('shows neither segments nor insights to a barista or a customer, not even a customer their own', async () => {
    for (const role of ['BARISTA', 'CUSTOMER'] as const) {
      const client = await signInAs(platform.gatewayUrl, demo, role);
      await expect(segments(client)).rejects.toThrow(/FORBIDDEN/);
      await client.dispose();
    }
    const regular = history.regulars[0]!;
    for (const role of ['BARISTA', 'CUSTOMER'] as const) {
      const identity: Identity = {
        kind: 'user',
        userId: regular,
        tenantId: company.tenantId,
        roles: [role],
        scopes: [],
        tier: 'PROFESSIONAL',
      };
      const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id insights { segment } } } }`;
      const answer = await callSubgraphAs(platform, 'analytics', identity, query, {
        r: [{ __typename: 'User', id: regular }],
      });
      expect(answer.errors?.map((error) => error.extensions.code)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(answer.data)).not.toContain('CHAMPIONS');
    }
  });
});

describe('cohort retention through the gateway', () => {
  it('builds the matrix by month of first order in the time zone asked for', async () => {
    const small = await newCompany('cohort-cafe');
    const storeId = randomUUID();
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()] as [string, string, string];
    const at = (customerId: string, instant: string): Sale => ({
      storeId,
      customerId,
      currency: 'EUR',
      total: 300,
      placedAt: new Date(instant),
    });
    await recordSales(
      small.tenantId,
      [{ id: storeId, timezone: 'UTC', currency: 'EUR' }],
      [
        at(first, '2026-01-10T09:00:00Z'),
        at(first, '2026-02-03T09:00:00Z'),
        at(first, '2026-03-15T09:00:00Z'),
        // February's in Tokyo.
        at(second, '2026-01-31T23:30:00Z'),
        at(third, '2026-02-05T09:00:00Z'),
        at(third, '2026-02-25T09:00:00Z'),
      ],
    );
    const utc = await small.owner.request(CohortRetentionDocument, { from: '2026-01', to: '2026-02' });
    expect(utc.cohortRetention).toEqual([
      { month: '2026-01', customers: 2, active: [2, 1, 1], retention: [1, 0.5, 0.5] },
      { month: '2026-02', customers: 1, active: [1, 0], retention: [1, 0] },
    ]);
    const tokyo = await small.owner.request(CohortRetentionDocument, {
      from: '2026-02',
      to: '2026-02',
      timeZone: 'Asia/Tokyo',
    });
    expect(tokyo.cohortRetention).toEqual([{ month: '2026-02', customers: 2, active: [2, 0], retention: [1, 0] }]);
    await small.owner.dispose();
  });

  it('refuses months that are not months', async () => {
    await expect(company.owner.request(CohortRetentionDocument, { from: '2026-13', to: '2026-12' })).rejects.toThrow(
      /BAD_USER_INPUT/,
    );
    await expect(company.owner.request(CohortRetentionDocument, { from: '2020-01', to: '2026-12' })).rejects.toThrow(
      /at most 60 months/,
    );
  });
});

describe('forecast through the gateway', () => {
  it('continues a steady weekly pattern of orders, each day within its interval', async () => {
    const { forecast } = await company.owner.request(ForecastDocument, {
      metric: 'ORDERS',
      horizonDays: 30,
      storeId: forecastStore.id,
    });
    const today = localDate(new Date(), forecastStore.timezone);
    expect(forecast!.history).toEqual({ from: addDays(today, -70), to: addDays(today, -1) });
    const [series] = forecast!.series;
    expect(series!.currency).toBeNull();
    expect(series!.points).toHaveLength(30);
    expect(series!.points[0]!.date).toBe(today);
    for (const point of series!.points) {
      const usual = WEEK_PATTERN[dayOfWeek(point.date) - 1]!;
      expect(Math.abs(point.expected - usual), point.date).toBeLessThan(2);
      expect(point.lower, point.date).toBeLessThanOrEqual(usual);
      expect(point.upper, point.date).toBeGreaterThanOrEqual(usual);
    }
  });

  it('forecasts revenue per currency in its minor units', async () => {
    const { forecast } = await company.owner.request(ForecastDocument, {
      metric: 'REVENUE',
      horizonDays: 60,
      storeId: forecastStore.id,
    });
    expect(forecast!.series.map((series) => series.currency)).toEqual(['USD']);
    const points = forecast!.series[0]!.points;
    expect(points).toHaveLength(60);
    for (const point of points.slice(0, 7)) {
      const usual = WEEK_PATTERN[dayOfWeek(point.date) - 1]! * FORECAST_PRICE;
      expect(Math.abs(point.expected - usual) / usual, point.date).toBeLessThan(0.1);
    }
  });

  it('refuses a horizon other than 30, 60 or 90 days, and too short a history', async () => {
    await expect(
      company.owner.request(ForecastDocument, { metric: 'ORDERS', horizonDays: 45, storeId: forecastStore.id }),
    ).rejects.toThrow(/horizonDays must be one of 30, 60, 90/);
    await expect(
      company.owner.request(ForecastDocument, { metric: 'ORDERS', horizonDays: 30, storeId: newStore.id }),
    ).rejects.toThrow(/10 days of sales history; a forecast needs at least 28/);
  });

  it('answers null for a store it does not know', async () => {
    const { forecast } = await company.owner.request(ForecastDocument, {
      metric: 'ORDERS',
      horizonDays: 30,
      storeId: randomUUID(),
    });
    expect(forecast).toBeNull();
  });
});

describe('insights through the gateway', () => {
  const yesterday = () => addDays(localDate(new Date(), 'UTC'), -1);

  it('flags the rush hour above its band and names the product behind it, with what to do', async () => {
    const { insights } = await company.owner.request(InsightsDocument, {
      range: { from: yesterday(), to: yesterday() },
      storeId: busyStore.id,
    });
    expect(insights!.comparedTo).toEqual({ from: addDays(yesterday(), -1), to: addDays(yesterday(), -1) });
    expect(insights!.anomalies).toHaveLength(1);
    const [rush] = insights!.anomalies;
    expect(rush).toMatchObject({
      store: { id: busyStore.id, name: 'Busy Corner' },
      label: `${yesterday()}T09:00`,
      actual: { amount: 20_000, currency: 'USD' },
      expected: { amount: 5_000, currency: 'USD' },
      direction: 'ABOVE',
      severity: 'HIGH',
    });
    expect(rush!.upper.amount).toBeLessThan(20_000);
    expect(rush!.recommendation).toMatch(/\$200\.00 against \$50\.00 usually/);
    expect(insights!.topMovers).toEqual([
      {
        productId: FLAT_WHITE.id,
        name: 'Flat White',
        quantity: { value: 40, previous: 10, delta: 30, change: 3 },
        recommendation: expect.stringMatching(/^Flat White sold 30 more than in the previous period \(\+300 %\)/),
      },
    ]);
    expect(insights!.underperformingStores).toEqual([]);
  });

  it("names a store selling far below the tenant's other stores in its currency", async () => {
    const { insights } = await company.owner.request(InsightsDocument, {
      range: { from: yesterday(), to: yesterday() },
      storeId: quietStore.id,
    });
    expect(insights!.anomalies).toEqual([]);
    const [quiet] = insights!.underperformingStores;
    expect(quiet).toMatchObject({
      store: { id: quietStore.id, name: 'Quiet Lane' },
      revenue: { amount: 1_000, currency: 'USD' },
    });
    expect(quiet!.gap).toBeLessThan(-0.3);
    expect(quiet!.recommendation).toContain(`store ${busyStore.id}`);
  });

  it('refuses a range longer than 31 days', async () => {
    await expect(
      company.owner.request(InsightsDocument, { range: { from: '2026-01-01', to: '2026-03-01' } }),
    ).rejects.toThrow(/at most 31 days/);
  });
});
