import { PubSub } from 'graphql-subscriptions';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaceOrderDocument, UpdateStoreDocument, type GoCoffeeClient } from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { loadKeys } from '../common/identity/keys.ts';
import { createGateway } from '../gateway/server.ts';
import { openOfflineBrowser, type OfflineBrowser } from './support/headless-chromium.ts';
import { createMenuFixture, type MenuFixture } from './support/menu-fixtures.ts';
import { subgraphDatabase } from './support/platform-access.ts';
import { signInAs } from './support/sign-in.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

/** Where the browser test leaves its screenshot (git ignores it). */
const SCREENSHOT = join(import.meta.dirname, 'artifacts', 'graphiql.png');
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const demo = DEMO_TENANTS[0]!;
const london = demo.stores[1]!;
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

let platform: TestPlatform;
let menu: MenuFixture;
let customer: GoCoffeeClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  menu = await createMenuFixture(subgraphDatabase(platform, 'orders'), demo.id);
  const owner = await signInAs(platform.gatewayUrl, demo, 'OWNER');
  const { updateStore } = await owner.request(UpdateStoreDocument, {
    input: { storeId: london.id, openingHours: ALL_DAY },
  });
  expect(updateStore.errors).toEqual([]);
  await owner.dispose();
  customer = await signInAs(platform.gatewayUrl, demo, 'CUSTOMER');
});
afterAll(async () => {
  await customer?.dispose();
  await platform?.stop();
});

const pageOf = (url: string) => fetch(url, { headers: { accept: BROWSER_ACCEPT } });
const scriptsOf = (html: string) => [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
const assetUrlsOf = (html: string) => [...html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map(([, url]) => url!);

describe('GET /graphql from a browser', () => {
  it('answers GraphiQL under a Content-Security-Policy that runs only scripts of this gateway', async () => {
    const response = await pageOf(platform.gatewayUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");
    const html = await response.text();
    // GraphiQL's one run-time <style> gets a nonce of this response only.
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(html).toContain(`content="${nonce}"`);
    const next = (await pageOf(platform.gatewayUrl)).headers.get('content-security-policy');
    expect(next).not.toContain(nonce);
    // Every script is a file from the gateway; none is inline or from elsewhere.
    expect(scriptsOf(html).length).toBeGreaterThan(0);
    for (const tag of scriptsOf(html)) expect(tag).toMatch(/ src="\/graphiql\//);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  it('serves every asset from a URL that names its content, cached for a year, compressed', async () => {
    const html = await (await pageOf(platform.gatewayUrl)).text();
    const urls = assetUrlsOf(html);
    expect(urls.map((url) => url.split('/').at(-1))).toEqual(
      expect.arrayContaining(['graphiql.min.js', 'graphiql.min.css', 'react.production.min.js', 'graphql-ws.min.js']),
    );
    for (const url of urls) {
      const response = await fetch(new URL(url, platform.gatewayUrl), { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status, url).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-encoding')).toBe('gzip');
      expect(response.headers.get('content-type')).toMatch(url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect((await response.text()).length).toBeGreaterThan(0);
    }
  });

  it('answers 404 for an asset this gateway does not have, such as one of an older page', async () => {
    const response = await fetch(new URL('/graphiql/AAAAAAAAAAAAAAAA/graphiql.min.js', platform.gatewayUrl));
    expect(response.status).toBe(404);
  });

  it('leaves GET queries from clients that ask for JSON, or for anything, to GraphQL', async () => {
    const url = new URL(platform.gatewayUrl);
    url.searchParams.set('query', '{ __typename }');
    for (const accept of ['application/json', '*/*']) {
      const response = await fetch(url, { headers: { accept, 'apollo-require-preflight': 'true' } });
      expect(response.status, accept).toBe(200);
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('is not served when GRAPHIQL is false', async () => {
    const config = { ...platform.config, GRAPHIQL: false };
    const server = await createGateway({
      config,
      logger: pino({ level: 'silent' }),
      keys: loadKeys(config),
      pubsub: new PubSub(),
      subgraphUrls: Object.fromEntries(platform.subgraphs.map((subgraph) => [subgraph.name, subgraph.url])),
    });
    const gateway = await server.listen(0, '127.0.0.1');
    try {
      const response = await pageOf(gateway.url);
      expect(response.headers.get('content-type')).not.toMatch(/^text\/html/);
      expect(await response.text()).not.toContain('GraphiQL');
    } finally {
      await gateway.stop();
    }
  });
});

// CodeMirror 5 keeps each editor on its wrapper element.
const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const OPEN_TOOL_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
const RESULT = '.result-window .CodeMirror';

const editorText = (page: Page, selector: string) =>
  page.evaluate<string, string>((s) => (globalThis as any).document.querySelector(s).CodeMirror.getValue(), selector);
const setEditorText = (page: Page, selector: string, text: string) =>
  page.evaluate(([s, t]) => (globalThis as any).document.querySelector(s).CodeMirror.setValue(t), [selector, text]);
const resultJson = async (page: Page) => {
  const text = await editorText(page, RESULT);
  return text ? JSON.parse(text) : undefined;
};

async function fillTool(page: Page, tab: 'Variables' | 'Headers', json: Record<string, unknown>) {
  await page.getByRole('button', { name: tab, exact: true }).click();
  await setEditorText(page, OPEN_TOOL_EDITOR, JSON.stringify(json, null, 2));
}

/** Runs one of the operations of the default document, as a user picks it from the run button. */
async function run(page: Page, operationName: string) {
  await page.locator('.graphiql-execute-button').click();
  await page.getByRole('menuitem', { name: operationName, exact: true }).click();
}

describe('GraphiQL in a headless Chromium with the network to the outside closed', () => {
  let browser: OfflineBrowser;
  beforeAll(async () => {
    browser = await openOfflineBrowser();
  });
  afterAll(() => browser?.close());

  it('signs in, runs a query, shows a subscription event of an order placed through the gateway, and needs nothing from outside', async () => {
    const { page } = browser;
    await page.goto(platform.gatewayUrl);
    await page.locator(QUERY_EDITOR).waitFor();
    expect(await editorText(page, QUERY_EDITOR)).toContain('subscription KitchenDisplay');

    // The default document signs in the demo manager; the token goes in GraphiQL's headers tab.
    await run(page, 'Login');
    await expect.poll(() => resultJson(page)).toMatchObject({ data: { login: { errors: [] } } });
    const { accessToken } = (await resultJson(page)).data.login;
    expect(accessToken).toEqual(expect.any(String));
    await fillTool(page, 'Headers', { Authorization: `Bearer ${accessToken}` });

    await run(page, 'Stores');
    await expect.poll(() => resultJson(page).then((result) => result?.data?.stores)).toBeTruthy();
    const stores = (await resultJson(page)).data.stores.edges.map(({ node }: any) => node);
    expect(stores.map((store: any) => store.name)).toEqual(expect.arrayContaining(demo.stores.map((s) => s.name)));
    for (const store of stores) expect(store.tenant.name).toBe(demo.name);

    // The subscription goes over graphql-ws with the token of the headers tab: storeOrders is for staff.
    await fillTool(page, 'Variables', { storeId: london.id });
    await run(page, 'KitchenDisplay');
    // It goes live a moment after it is sent, with no sign in the page: place orders until one shows.
    const placed: string[] = [];
    await expect
      .poll(
        async () => {
          const shown = (await resultJson(page))?.data?.storeOrders;
          if (shown && placed.includes(shown.id)) return shown;
          const { placeOrder } = await customer.request(PlaceOrderDocument, {
            input: {
              storeId: london.id,
              idempotencyKey: `graphiql-${placed.length}-${Date.now()}`,
              lines: [
                {
                  productId: menu.latte.id,
                  variantId: menu.latte.small,
                  quantity: 1,
                  modifierOptionIds: [menu.milk.oat],
                },
              ],
            },
          });
          placed.push(placeOrder.order!.id);
          return undefined;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toMatchObject({ status: 'PLACED', store: { name: london.name, tenant: { name: demo.name } } });

    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(browser.outsideRequests).toEqual([]);
    expect(await browser.policyViolations()).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });

  it('says the WebSocket was refused with 4403 when the headers tab holds a token that does not verify', async () => {
    const { page } = browser;
    await page.goto(platform.gatewayUrl);
    await page.locator(QUERY_EDITOR).waitFor();
    await fillTool(page, 'Headers', { Authorization: 'Bearer not-a-token' });
    await fillTool(page, 'Variables', { storeId: london.id });
    await run(page, 'KitchenDisplay');
    await expect
      .poll(() => resultJson(page).then((result) => result?.errors?.[0]?.message))
      .toMatch(/closed with 4403 .*Authorization header/);
  });
});
