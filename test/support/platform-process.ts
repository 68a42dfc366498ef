import { spawn, type ChildProcess } from 'node:child_process';
import { SUBGRAPH_NAMES } from '../../common/config.ts';
import { freePorts } from './free-port.ts';

export interface PlatformProcess {
  gatewayUrl: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/**
 * Runs the platform as `npm start` does (tsx platform/start.ts), in its own process on free ports,
 * and resolves once the start-up banner says it is running.
 */
export async function spawnPlatform(dataDir: string, env: Record<string, string> = {}): Promise<PlatformProcess> {
  const [gatewayPort, ...subgraphPorts] = await freePorts(1 + SUBGRAPH_NAMES.length);
  const ports = Object.fromEntries(
    SUBGRAPH_NAMES.map((name, index) => [`${name.toUpperCase()}_PORT`, String(subgraphPorts[index])]),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'platform/start.ts'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // As in the in-process test platform: no demo order history and no rate limits unless a test asks.
      DEMO_HISTORY_DAYS: '0',
      RATE_LIMITS_ENABLED: 'false',
      GATEWAY_PORT: String(gatewayPort),
      ...ports,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal!)),
  );

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the platform did not start:\n${output}`)), 90_000);
    const check = () => {
      if (output.includes('Go Coffee is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the platform exited (${code}) while starting:\n${output}`));
    });
  });
  return { gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`, child, output: () => output, exited };
}
