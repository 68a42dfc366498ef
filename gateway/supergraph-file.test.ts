import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServiceMetrics } from '../common/http/metrics.ts';
import { createSupergraphFile, type SupergraphFile } from './supergraph-file.ts';

let dir: string;
let path: string;
let served: string[];
let cleanup: (() => Promise<void>) | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'go-coffee-supergraph-'));
  path = join(dir, 'supergraph.graphql');
  writeFileSync(path, 'first');
  served = [];
});
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A source whose gateway accepts any supergraph but one containing "broken", as a real one would refuse. */
async function load(watch = true): Promise<SupergraphFile> {
  const file = createSupergraphFile({
    path,
    watch,
    logger: pino({ level: 'silent' }),
    metrics: createServiceMetrics('gateway'),
    debounceMs: 50,
  });
  const result = await file.initialize({
    update: (sdl) => {
      if (sdl.includes('broken')) throw new Error('Syntax Error: Unexpected Name "broken"');
      served.push(sdl);
    },
    healthCheck: async () => {},
    getDataSource: () => ({ process: async () => ({}) }),
  });
  served.push(result.supergraphSdl);
  cleanup = result.cleanup;
  return file;
}

const until = async (condition: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the supergraph file', () => {
  it('serves the file as it is at start-up', async () => {
    await load();
    expect(served).toEqual(['first']);
  });

  it('serves the new content once the file has been quiet, once for a burst of writes', async () => {
    await load();
    writeFileSync(path, 'second');
    writeFileSync(path, 'third');
    await until(() => served.length > 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(served).toEqual(['first', 'third']);
  });

  it('follows a file replaced by a rename, as editors and deploy tools save', async () => {
    await load();
    writeFileSync(join(dir, '.supergraph.graphql.tmp'), 'renamed');
    renameSync(join(dir, '.supergraph.graphql.tmp'), path);
    await until(() => served.length > 1);
    expect(served).toEqual(['first', 'renamed']);
  });

  it('refuses a supergraph the gateway cannot build, and keeps the old one', async () => {
    const file = await load(false);
    writeFileSync(path, 'broken');
    expect(await file.reload()).toBe('refused');
    writeFileSync(path, 'fixed');
    expect(await file.reload()).toBe('reloaded');
    expect(served).toEqual(['first', 'fixed']);
  });

  it('reports a file that did not change as unchanged', async () => {
    const file = await load(false);
    expect(await file.reload()).toBe('unchanged');
    expect(served).toEqual(['first']);
  });

  it('refuses a reload when the file is gone, and keeps serving', async () => {
    const file = await load(false);
    rmSync(path);
    expect(await file.reload()).toBe('refused');
    expect(served).toEqual(['first']);
  });

  it('reloads on SIGHUP, also when it does not watch the file', async () => {
    await load(false);
    writeFileSync(path, 'after the signal');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(served).toEqual(['first']);
    process.emit('SIGHUP', 'SIGHUP');
    await until(() => served.length > 1);
    expect(served).toEqual(['first', 'after the signal']);
  });

  it('stops listening for SIGHUP and changes once the gateway stops', async () => {
    await load();
    await cleanup!();
    cleanup = undefined;
    writeFileSync(path, 'too late');
    process.emit('SIGHUP', 'SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(served).toEqual(['first']);
    expect(process.listenerCount('SIGHUP')).toBe(0);
  });
});
