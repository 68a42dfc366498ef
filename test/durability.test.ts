import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateStoreDocument, StoresDocument, createGoCoffeeClient } from '../client-sdk/index.ts';
import { DEMO_TENANTS } from '../common/demo.ts';
import { signInAs } from './support/sign-in.ts';
import { spawnPlatform } from './support/platform-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'go-coffee-durability-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const demo = DEMO_TENANTS[0]!;

async function storeIds(gatewayUrl: string): Promise<string[]> {
  const client = await signInAs(gatewayUrl, demo, 'OWNER');
  const { stores } = await client.request(StoresDocument, { first: 100 });
  return stores.edges.map((edge) => edge.node.id);
}

// Each test starts the whole platform as a process, twice for kill -9: the budget guards against a
// hang, it measures nothing (start times are in BENCHMARKS.md).
describe('npm start on embedded defaults, kept on disk', { timeout: 90_000 }, () => {
  it('keeps every acknowledged write after kill -9, and the next start reuses the data', async () => {
    const first = await spawnPlatform(dataDir);
    const client = await signInAs(first.gatewayUrl, demo, 'OWNER');
    const acknowledged: string[] = [];
    let killed = false;
    const writes = Array.from({ length: 30 }, (_, index) =>
      client
        .request(CreateStoreDocument, {
          input: {
            name: `Pop-up ${index}`,
            timezone: 'Europe/Paris',
            currency: 'EUR',
            idempotencyKey: `pop-up-${index}`,
          },
        })
        .then(({ createStore }) => {
          if (killed) return;
          acknowledged.push(createStore.store!.id);
          if (acknowledged.length === 10) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        })
        .catch(() => {}),
    );
    await Promise.all(writes);
    expect(await first.exited).toBe('SIGKILL');
    expect(acknowledged).toHaveLength(10);

    const second = await spawnPlatform(dataDir);
    try {
      const ids = await storeIds(second.gatewayUrl);
      expect(ids).toEqual(expect.arrayContaining(acknowledged));
      expect(ids).toEqual(expect.arrayContaining(demo.stores.map((store) => store.id)));
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      second.child.kill('SIGINT');
      await second.exited;
    }
  });

  it('drains and exits cleanly on Ctrl-C', async () => {
    const platform = await spawnPlatform(dataDir);
    const client = createGoCoffeeClient({ url: platform.gatewayUrl });
    expect((await client.execute(StoresDocument, {})).status).toBe(200);
    platform.child.kill('SIGINT');
    expect(await platform.exited).toBe(0);
    expect(platform.output()).not.toMatch(/error/i);
  });
});
