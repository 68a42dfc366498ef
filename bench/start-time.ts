/**
 * Cold and warm start of `npm start` on embedded defaults, measured from spawning the command to
 * the first answered federated query: `npm run bench:start -- [runs]`.
 * Cold: an empty data directory (initdb, migrations, demo seed). Warm: the same directory again.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smokeQuery } from '../scripts/smoke-query.ts';

const runs = Number(process.argv[2] ?? 3);
const GATEWAY = 'http://127.0.0.1:4000/graphql';

async function timeStart(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    await smokeQuery(GATEWAY, 120);
    return (performance.now() - started) / 1000;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGINT');
    await exited;
  }
}

const cold: number[] = [];
const warm: number[] = [];
for (let run = 0; run < runs; run++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'go-coffee-bench-'));
  cold.push(await timeStart(dataDir));
  warm.push(await timeStart(dataDir));
  rmSync(dataDir, { recursive: true, force: true });
}
const summary = (label: string, seconds: number[]) =>
  `${label}: median ${median(seconds).toFixed(2)} s, min ${Math.min(...seconds).toFixed(2)} s, max ${Math.max(...seconds).toFixed(2)} s (${seconds.length} runs)`;
console.log(summary('cold start to first federated answer', cold));
console.log(summary('warm start to first federated answer', warm));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
