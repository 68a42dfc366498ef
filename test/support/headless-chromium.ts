import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`); test tools download no browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OfflineBrowser {
  page: Page;
  /** Every request the page tried to send anywhere but this machine (each was refused). */
  outsideRequests: string[];
  /** Content-Security-Policy violations the page reported, as `directive blocked-uri`. */
  policyViolations(): Promise<string[]>;
  /** Uncaught errors of the page's scripts. */
  pageErrors: string[];
  close(): Promise<void>;
}

const isThisMachine = (url: string) => {
  const { protocol, hostname } = new URL(url);
  return protocol === 'data:' || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
};

/**
 * A headless Chromium with a fresh profile whose page may reach only this machine: any other request
 * is aborted and recorded, as if the network to the outside were closed.
 */
export async function openOfflineBrowser(): Promise<OfflineBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No browser at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'go-coffee-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  });
  const outsideRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isThisMachine(url)) return route.continue();
    outsideRequests.push(url);
    return route.abort('internetdisconnected');
  });
  // WebSockets bypass route(): they are checked on their own.
  await context.routeWebSocket(
    (url) => !isThisMachine(url.toString().replace(/^ws/, 'http')),
    (socket) => {
      outsideRequests.push(socket.url());
      return socket.close();
    },
  );
  await context.addInitScript({
    content: `window.policyViolations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        window.policyViolations.push(event.violatedDirective + ' ' + event.blockedURI));`,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    page,
    outsideRequests,
    pageErrors,
    policyViolations: () => page.evaluate<string[]>('window.policyViolations'),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
