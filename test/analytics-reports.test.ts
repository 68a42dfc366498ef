import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateDashboardDocument,
  CreateReportDocument,
  DashboardDocument,
  DashboardsDocument,
  DeleteDashboardDocument,
  DeleteReportDocument,
  ExportReportDocument,
  LoginDocument,
  PauseReportScheduleDocument,
  ReportDocument,
  ScheduleReportDocument,
  UpdateDashboardDocument,
  createGoCoffeeClient,
  type GoCoffeeClient,
  type WidgetInput,
} from '../client-sdk/index.ts';
import { DEMO_PASSWORD, DEMO_TENANTS, demoEmail, type DemoTenant } from '../common/demo.ts';
import type { Role } from '../common/identity/identity.ts';
import { createFileMailer } from '../common/mail/mailer.ts';
import { createDownloadLinks, reportLinkSecret } from '../subgraphs/analytics/reports/download-link.ts';
import { createReportScheduler } from '../subgraphs/analytics/reports/report-scheduler.ts';
import { recordCompletedSales, recordStore } from './support/analytics-sales.ts';
import { mailsTo } from './support/mailbox.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

const [demo, rival] = DEMO_TENANTS as [DemoTenant, DemoTenant];
const [seattle, london, tokyo] = demo.stores as [
  DemoTenant['stores'][0],
  DemoTenant['stores'][0],
  DemoTenant['stores'][0],
];
const PUBLIC_URL = 'https://analytics.demo.example';
const LATTE = randomUUID();
const MOCHA = randomUUID();
const [ann, bob, cat] = [randomUUID(), randomUUID(), randomUUID()];

let platform: TestPlatform;
let manager: GoCoffeeClient;
let owner: GoCoffeeClient;
let rivalManager: GoCoffeeClient;
let keys = 0;
const key = () => `reports-${++keys}`;

async function signIn(tenant: DemoTenant, role: Role): Promise<GoCoffeeClient> {
  const client = createGoCoffeeClient({ url: platform.gatewayUrl });
  const { login } = await client.request(LoginDocument, {
    input: { email: demoEmail(tenant, role), password: DEMO_PASSWORD, tenantSlug: tenant.slug },
  });
  client.setToken(login.accessToken!);
  return client;
}

/** A completed sale as analytics hears of it from the orders subgraph's events. */
async function sale(
  storeId: string,
  currency: string,
  customerId: string,
  placedAt: string,
  lines: [string, string, number, number][],
) {
  await recordCompletedSales(subgraphDatabase(platform, 'analytics'), demo.id, [
    {
      storeId,
      customerId,
      currency,
      lines: lines.map(([productId, productName, quantity, total]) => ({ productId, productName, quantity, total })),
      itemCount: lines.reduce((sum, line) => sum + line[2], 0),
      total: lines.reduce((sum, line) => sum + line[3], 0),
      placedAt,
    },
  ]);
}

/** A link's path and query at the analytics service of this test platform (its public URL is made up). */
const atAnalytics = (link: string) => {
  const analytics = platform.subgraphs.find((subgraph) => subgraph.name === 'analytics')!.url;
  const { pathname, search } = new URL(link);
  return new URL(pathname + search, analytics).toString();
};

beforeAll(async () => {
  platform = await startTestPlatform({ ANALYTICS_PUBLIC_URL: PUBLIC_URL });
  const analytics = subgraphDatabase(platform, 'analytics');
  // The demo stores reach analytics by catching up on the orders outbox; these sales must not wait for it.
  for (const store of demo.stores) await recordStore(analytics, demo.id, store);
  await sale(london.id, 'GBP', ann, '2026-01-05T10:00:00Z', [[LATTE, 'Latte', 2, 450]]);
  await sale(london.id, 'GBP', bob, '2026-01-05T11:00:00Z', [[MOCHA, 'Mocha', 1, 300]]);
  await sale(london.id, 'GBP', ann, '2026-01-06T09:00:00Z', [[LATTE, 'Latte', 1, 250]]);
  await sale(london.id, 'GBP', ann, '2026-02-02T09:00:00Z', [[LATTE, 'Latte', 1, 225]]);
  await sale(seattle.id, 'USD', cat, '2026-01-05T20:00:00Z', [[LATTE, 'Latte', 2, 500]]);
  await sale(london.id, 'GBP', bob, new Date(Date.now() - 86_400_000).toISOString(), [[MOCHA, 'Mocha', 1, 300]]);
  [manager, owner, rivalManager] = await Promise.all([
    signIn(demo, 'MANAGER'),
    signIn(demo, 'OWNER'),
    signIn(rival, 'MANAGER'),
  ]);
});
afterAll(async () => {
  await Promise.all([manager, owner, rivalManager].map((client) => client?.dispose()));
  await platform?.stop();
});

const JANUARY_5_TO_6 = { from: '2026-01-05', to: '2026-01-06' };

const WIDGETS: WidgetInput[] = [
  { kind: 'KPI_TILE', metrics: ['REVENUE'], range: JANUARY_5_TO_6, storeId: london.id },
  { kind: 'KPI_TILE', title: 'Orders, every store', metrics: ['ORDERS'], range: JANUARY_5_TO_6 },
  { kind: 'TIMESERIES', metrics: ['ORDERS'], granularity: 'DAY', range: JANUARY_5_TO_6, storeId: london.id },
  { kind: 'TABLE', metrics: ['REVENUE', 'ITEMS'], granularity: 'DAY', range: JANUARY_5_TO_6, storeId: london.id },
  { kind: 'TOP_PRODUCTS', limit: 1, range: JANUARY_5_TO_6, storeId: london.id },
  { kind: 'COHORT_HEATMAP', range: { from: '2026-01-01', to: '2026-02-28' }, storeId: london.id },
  { kind: 'KPI_TILE', metrics: ['ORDERS'], range: { days: 7 }, storeId: london.id },
  { kind: 'KPI_TILE', metrics: ['ORDERS'], range: { days: 7 }, storeId: rival.stores[0]!.id },
];

async function createDashboard(client: GoCoffeeClient, shared = false, widgets = WIDGETS) {
  const { createDashboard } = await client.request(CreateDashboardDocument, {
    input: { name: 'Morning figures', shared, widgets, idempotencyKey: key() },
  });
  expect(createDashboard.errors).toEqual([]);
  return createDashboard.dashboard!.id;
}

describe('dashboards through the gateway', () => {
  it("answers every widget's figures in one query", async () => {
    const id = await createDashboard(manager);
    const { dashboard } = await manager.request(DashboardDocument, { id });
    expect(dashboard!.ownedByMe).toBe(true);
    const data = dashboard!.widgets.map((widget) => widget.data);
    expect(data[0]).toMatchObject({
      __typename: 'KpiTileData',
      count: null,
      amounts: [{ currency: 'GBP', value: { amount: 1000, currency: 'GBP' } }],
    });
    expect(data[1]).toMatchObject({ __typename: 'KpiTileData', count: { value: 4, previous: 0 }, amounts: [] });
    expect(data[2]).toMatchObject({
      __typename: 'TimeseriesData',
      points: [
        { label: '2026-01-05', count: 2 },
        { label: '2026-01-06', count: 1 },
      ],
    });
    expect(data[3]).toEqual({
      __typename: 'ReportTable',
      timeZone: 'Europe/London',
      metrics: ['REVENUE', 'ITEMS'],
      rows: [
        { period: '2026-01-05', storeId: london.id, currency: 'GBP', values: [750, 3] },
        { period: '2026-01-06', storeId: london.id, currency: 'GBP', values: [250, 1] },
      ],
    });
    expect(data[4]).toEqual({
      __typename: 'TopProductsData',
      products: [{ productId: LATTE, name: 'Latte', quantity: { value: 3 } }],
    });
    expect(data[5]).toEqual({
      __typename: 'CohortHeatmapData',
      timeZone: 'Europe/London',
      cohorts: [{ month: '2026-01', customers: 2, retention: [1, 0.5] }],
    });
    expect(data[6]).toMatchObject({ __typename: 'KpiTileData', count: { value: 1 } });
    // Another tenant's store is, to this tenant, a store that does not exist.
    expect(data[7]).toBeNull();
    expect(dashboard!.widgets[6]!.range).toEqual({ days: 7, includeToday: true, from: null, to: null });
  });

  it('refuses more than 24 widgets, a tile with two metrics and a range given twice, saving nothing', async () => {
    const tile: WidgetInput = { kind: 'KPI_TILE', metrics: ['ORDERS'], range: { days: 1 } };
    const before = (await manager.request(DashboardsDocument)).dashboards.length;
    const tooMany = await manager.request(CreateDashboardDocument, {
      input: { name: 'Wall', widgets: Array.from({ length: 25 }, () => tile), idempotencyKey: key() },
    });
    expect(tooMany.createDashboard.errors.map((error) => error.code)).toEqual(['TOO_MANY_WIDGETS']);
    const invalid = await manager.request(CreateDashboardDocument, {
      input: {
        name: 'Odd',
        widgets: [
          { ...tile, metrics: ['ORDERS', 'ITEMS'] },
          { ...tile, range: { days: 7, from: '2026-01-01', to: '2026-01-02' } },
        ],
        idempotencyKey: key(),
      },
    });
    expect(invalid.createDashboard.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_METRICS', field: ['widgets', '0', 'metrics'] }),
      expect.objectContaining({ code: 'INVALID_RANGE', field: ['widgets', '1', 'range'] }),
    ]);
    expect((await manager.request(DashboardsDocument)).dashboards).toHaveLength(before);
  });

  it("shows a shared dashboard to the tenant's staff but lets only its creator change it", async () => {
    const shared = await createDashboard(manager, true, WIDGETS.slice(0, 1));
    const own = await createDashboard(manager, false, WIDGETS.slice(0, 1));
    expect((await owner.request(DashboardDocument, { id: shared })).dashboard?.ownedByMe).toBe(false);
    expect((await owner.request(DashboardDocument, { id: own })).dashboard).toBeNull();
    const { updateDashboard } = await owner.request(UpdateDashboardDocument, {
      input: { id: shared, name: 'Mine now' },
    });
    expect(updateDashboard.errors.map((error) => error.code)).toEqual(['NOT_OWNER']);
    const replaced = await manager.request(UpdateDashboardDocument, {
      input: { id: shared, widgets: WIDGETS.slice(2, 4) },
    });
    expect(replaced.updateDashboard.dashboard?.widgets.map((widget) => widget.kind)).toEqual(['TIMESERIES', 'TABLE']);
    expect((await owner.request(DeleteDashboardDocument, { id: shared })).deleteDashboard.errors[0]?.code).toBe(
      'NOT_OWNER',
    );
    expect((await manager.request(DeleteDashboardDocument, { id: own })).deleteDashboard.deletedId).toBe(own);
    expect((await manager.request(DashboardDocument, { id: own })).dashboard).toBeNull();
  });

  it("finds nothing of another tenant's dashboard", async () => {
    const id = await createDashboard(manager, true, WIDGETS.slice(0, 1));
    expect((await rivalManager.request(DashboardDocument, { id })).dashboard).toBeNull();
    const { updateDashboard } = await rivalManager.request(UpdateDashboardDocument, { input: { id, name: 'Ours' } });
    expect(updateDashboard.errors.map((error) => error.code)).toEqual(['NOT_FOUND']);
    expect((await manager.request(DashboardDocument, { id })).dashboard?.name).toBe('Morning figures');
  });
});

async function createReport(storeId: string | null = null) {
  const { createReport } = await manager.request(CreateReportDocument, {
    input: {
      name: 'Daily sales, "all" stores',
      metrics: ['REVENUE', 'ORDERS'],
      storeId,
      range: JANUARY_5_TO_6,
      granularity: 'DAY',
      timeZone: 'UTC',
      idempotencyKey: key(),
    },
  });
  expect(createReport.errors).toEqual([]);
  return createReport.report!.id;
}

async function exportLink(reportId: string, format: 'CSV' | 'XLSX' | 'PDF') {
  const { exportReport } = await manager.request(ExportReportDocument, { id: reportId, format });
  expect(exportReport.errors).toEqual([]);
  return exportReport.export!;
}

describe('report exports', () => {
  it('renders CSV with one row per day and store, in its currency', async () => {
    const link = await exportLink(await createReport(), 'CSV');
    expect(link.url.startsWith(`${PUBLIC_URL}/downloads/reports/`)).toBe(true);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    const response = await fetch(atAnalytics(link.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="daily-sales-all-stores-2026-01-05-2026-01-06.csv"',
    );
    expect(await response.text()).toBe(
      [
        'period,store_id,currency,revenue,orders',
        `2026-01-05,${seattle.id},USD,5.00,1`,
        `2026-01-05,${london.id},GBP,7.50,2`,
        `2026-01-05,${tokyo.id},JPY,0,0`,
        `2026-01-06,${seattle.id},USD,0.00,0`,
        `2026-01-06,${london.id},GBP,2.50,1`,
        `2026-01-06,${tokyo.id},JPY,0,0`,
        '',
      ].join('\r\n'),
    );
  });

  it('renders a workbook whose cells hold the figures as numbers', async () => {
    const link = await exportLink(await createReport(london.id), 'XLSX');
    const response = await fetch(atAnalytics(link.url));
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('Report')!;
    const rows = sheet
      .getSheetValues()
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1));
    expect(rows).toEqual([
      ['period', 'store_id', 'currency', 'revenue', 'orders'],
      ['2026-01-05', london.id, 'GBP', 7.5, 2],
      ['2026-01-06', london.id, 'GBP', 2.5, 1],
    ]);
    expect(sheet.getCell('D2').numFmt).toBe('#,##0.00');
  });

  it('renders a PDF with the report title', async () => {
    const link = await exportLink(await createReport(london.id), 'PDF');
    const response = await fetch(atAnalytics(link.url));
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, 4).toString()).toBe('%PDF');
    // The page text is compressed; the document's Title entry is a plain string.
    expect(body.toString('latin1')).toContain('(Daily sales, "all" stores)');
  });

  it('refuses a tampered link with 403 and an expired one with 410, with nothing else', async () => {
    const link = await exportLink(await createReport(london.id), 'CSV');
    const tampered = new URL(atAnalytics(link.url));
    tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 3600));
    const refused = await fetch(tampered);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('');
    const fileId = new URL(link.url).pathname.split('/').at(-1)!;
    const links = createDownloadLinks(reportLinkSecret(platform.config)!, PUBLIC_URL);
    const expired = links.sign({ id: fileId, tenantId: demo.id, expiresAt: new Date(Date.now() - 1000) });
    const gone = await fetch(atAnalytics(expired));
    expect(gone.status).toBe(410);
    expect(await gone.text()).toBe('');
    // The same file under another tenant's name is not the same link.
    const wrongTenant = new URL(atAnalytics(link.url));
    wrongTenant.searchParams.set('tenant', rival.id);
    expect((await fetch(wrongTenant)).status).toBe(403);
  });

  it("stops a deleted report's links and schedules", async () => {
    const id = await createReport(london.id);
    const link = await exportLink(id, 'CSV');
    const { scheduleReport } = await manager.request(ScheduleReportDocument, {
      input: { reportId: id, cron: '0 7 * * *', recipients: ['gone@example.com'], idempotencyKey: key() },
    });
    expect(scheduleReport.errors).toEqual([]);
    expect((await manager.request(DeleteReportDocument, { id })).deleteReport.deletedId).toBe(id);
    expect((await fetch(atAnalytics(link.url))).status).toBe(410);
    expect((await manager.request(ReportDocument, { id })).report).toBeNull();
    const schedules = await subgraphDatabase(platform, 'analytics').transaction(demo.id, (db) =>
      db.query('SELECT id FROM analytics.report_schedules WHERE report_id = $1', [id]),
    );
    expect(schedules).toEqual([]);
  });

  it("finds nothing of another tenant's report", async () => {
    const id = await createReport(london.id);
    expect((await rivalManager.request(ReportDocument, { id })).report).toBeNull();
    const { exportReport } = await rivalManager.request(ExportReportDocument, { id, format: 'CSV' });
    expect(exportReport).toEqual({ export: null, errors: [expect.objectContaining({ code: 'NOT_FOUND' })] });
    expect((await rivalManager.request(DeleteReportDocument, { id })).deleteReport.deletedId).toBeNull();
    expect((await manager.request(ReportDocument, { id })).report?.id).toBe(id);
  });
});

describe('report schedules', () => {
  const analyticsUrl = () => platform.subgraphs.find((subgraph) => subgraph.name === 'analytics')!.url;
  const scheduler = () =>
    createReportScheduler({
      database: subgraphDatabase(platform, 'analytics'),
      mailer: createFileMailer(platform.config.DATA_DIR),
      links: createDownloadLinks(reportLinkSecret(platform.config)!, new URL(analyticsUrl()).origin),
      logger: pino({ level: 'silent' }),
    });

  async function schedule(reportId: string, recipient: string) {
    const { scheduleReport } = await manager.request(ScheduleReportDocument, {
      input: { reportId, cron: '0 7 * * 1', recipients: [recipient], format: 'CSV', idempotencyKey: key() },
    });
    expect(scheduleReport.errors).toEqual([]);
    return scheduleReport.schedule!;
  }

  it('computes the next run in the time zone it names, and refuses a bad cron or address', async () => {
    const reportId = await createReport(london.id);
    const { scheduleReport } = await manager.request(ScheduleReportDocument, {
      input: {
        reportId,
        cron: '30 7 * * *',
        timeZone: 'America/New_York',
        recipients: ['a@b.example'],
        idempotencyKey: key(),
      },
    });
    const nextRun = new Date(scheduleReport.schedule!.nextRunAt!);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', timeStyle: 'short' }).format(nextRun)).toBe(
      '07:30',
    );
    expect(nextRun.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    const refused = await manager.request(ScheduleReportDocument, {
      input: { reportId, cron: '61 * * * *', recipients: ['not an address'], idempotencyKey: key() },
    });
    expect(refused.scheduleReport.errors.map((error) => error.code)).toEqual(['INVALID_CRON', 'INVALID_EMAIL']);
    const { report } = await manager.request(ReportDocument, { id: reportId });
    expect(report!.schedules).toHaveLength(1);
  });

  it('mails one link when a schedule is due, once even with two schedulers', async () => {
    const recipient = `boss-${randomUUID()}@example.com`;
    const due = new Date((await schedule(await createReport(london.id), recipient.toUpperCase())).nextRunAt!);
    const later = new Date(due.getTime() + 1000);
    const mails = () => mailsTo(platform.config.DATA_DIR, recipient);
    await scheduler().tick(new Date(due.getTime() - 1000));
    expect(mails()).toEqual([]);
    await Promise.all([scheduler().tick(later), scheduler().tick(later)]);
    await scheduler().tick(later);
    expect(mails()).toHaveLength(1);
    const link = mails()[0]!.match(/https?:\/\/\S+/)![0];
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`2026-01-05,${london.id},GBP,7.50,2`);
  });

  it('sends nothing for a paused schedule', async () => {
    const recipient = `paused-${randomUUID()}@example.com`;
    const { id, nextRunAt } = await schedule(await createReport(london.id), recipient);
    const { pauseReportSchedule } = await manager.request(PauseReportScheduleDocument, { id, paused: true });
    expect(pauseReportSchedule.schedule).toMatchObject({ paused: true, nextRunAt: null });
    await scheduler().tick(new Date(Date.parse(nextRunAt!) + 1000));
    expect(mailsTo(platform.config.DATA_DIR, recipient)).toEqual([]);
  });
});
