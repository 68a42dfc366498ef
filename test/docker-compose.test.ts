import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_PORTS, loadConfig, subgraphUrlOverride, type SubgraphName } from '../common/config.ts';
import { loadKeys, type KeyPair } from '../common/identity/keys.ts';
import { SUBGRAPHS } from '../subgraphs/index.ts';

interface ComposeService {
  build?: unknown;
  command?: string | string[];
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
}

type AppService = 'gateway' | SubgraphName;

const root = new URL('../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const npmScripts = (
  JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }
).scripts;
// The schema is not exported: its keys are the two-space-indented upper-case names in config.ts.
const declaredVariables = [
  ...readFileSync(new URL('common/config.ts', root), 'utf8').matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm),
].map((match) => match[1]!);

/** The platform's signing and verifying keys (not a provider's secret key such as STRIPE_SECRET_KEY). */
const isSigningKey = (variable: string) => /_(SIGNING|VERIFY)_KEY$/.test(variable);

const subgraphServices = SUBGRAPHS.map(({ name }) => name);
const appServices: AppService[] = ['gateway', ...subgraphServices];
const hostKeys = keysFromGenerateKeysScript();

const entryFileOf = (name: AppService) => (name === 'gateway' ? 'gateway/index.ts' : `subgraphs/${name}/index.ts`);
// Every subgraph starts through start-subgraph.ts; what it requires, each of them does.
const sourcesOf = (name: AppService) =>
  name === 'gateway' ? ['gateway'] : ['common/service/start-subgraph.ts', `subgraphs/${name}`];
const portVariable = (name: AppService) => `${name.toUpperCase()}_PORT`;
const healthcheckScript = (name: string) => serviceOf(name).healthcheck?.test.at(-1) ?? '';

function serviceOf(name: string): ComposeService {
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  return service;
}

/** What `eval "$(npx tsx scripts/generate-keys.ts)"` leaves in the shell before `docker compose up`. */
function keysFromGenerateKeysScript(): Record<string, string> {
  const shell = `eval "$(node_modules/.bin/tsx scripts/generate-keys.ts)" && node -p 'JSON.stringify(process.env)'`;
  const output = execFileSync('bash', ['-c', shell], {
    cwd: root,
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
  });
  const environment = JSON.parse(output) as Record<string, string>;
  return Object.fromEntries(Object.entries(environment).filter(([name]) => isSigningKey(name)));
}

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?message}` substitution from the host environment. */
function interpolate(value: string, host: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, variable: string, operator?: string, argument = '') => {
    if (host[variable]) return host[variable];
    if (operator === '-') return argument;
    throw new Error(`${variable} is not set: ${argument}`);
  });
}

/** The environment the service's container gets, with the generated keys in the host environment. */
function containerEnvironment(name: string, host: Record<string, string> = hostKeys): Record<string, string> {
  const environment = serviceOf(name).environment ?? {};
  return Object.fromEntries(
    Object.entries(environment).map(([variable, value]) => [variable, interpolate(String(value), host)]),
  );
}

/** The key variables the service's code demands with `requireKey(key, 'VARIABLE')`. */
function requiredKeys(name: AppService): string[] {
  const files = sourcesOf(name).flatMap((path) =>
    statSync(new URL(path, root)).isDirectory()
      ? readdirSync(new URL(path, root), { recursive: true, encoding: 'utf8' }).map((file) => `${path}/${file}`)
      : [path],
  );
  const code = files
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => readFileSync(new URL(file, root), 'utf8'))
    .join('\n');
  return [...new Set([...code.matchAll(/requireKey\([^)]*'([A-Z_]+_KEY)'\)/g)].map((match) => match[1]!))].sort();
}

function commandWords(service: ComposeService): string[] {
  const { command = [] } = service;
  return typeof command === 'string' ? command.split(/\s+/) : command;
}

describe('docker-compose.yml', () => {
  it('builds a service for the gateway and for every subgraph, named after it', () => {
    const built = Object.keys(compose.services).filter((name) => serviceOf(name).build);
    expect(built.sort()).toEqual([...appServices].sort());
  });

  it.each(appServices)('starts %s with an npm script that runs its entry file', (name) => {
    const entryFile = entryFileOf(name);
    const [npm, run, script, ...rest] = commandWords(serviceOf(name));
    expect([npm, run, rest]).toEqual(['npm', 'run', []]);
    expect(npmScripts[script!]?.split(/\s+/)).toContain(entryFile);
    expect(existsSync(new URL(entryFile, root))).toBe(true);
  });

  it.each(appServices)('publishes %s on its default port, where <NAME>_PORT and HOST make it listen', (name) => {
    const port = DEFAULT_PORTS[name];
    const environment = containerEnvironment(name);
    expect(serviceOf(name).ports).toEqual([`${port}:${port}`]);
    expect(environment[portVariable(name)]).toBe(String(port));
    expect(environment.HOST).toBe('0.0.0.0');
  });

  it.each(appServices)('sets only variables that common/config.ts declares for %s', (name) => {
    expect(declaredVariables).toEqual(expect.arrayContaining(Object.keys(serviceOf(name).environment ?? {})));
  });

  it.each(appServices)('gives %s a production configuration whose keys load', (name) => {
    const config = loadConfig(containerEnvironment(name));
    expect(config.NODE_ENV).toBe('production');
    expect(() => loadKeys(config)).not.toThrow();
  });

  it.each(appServices)("takes %s's keys from the host and refuses to start without them", (name) => {
    const environment = containerEnvironment(name);
    const keyVariables = Object.keys(environment).filter(isSigningKey);
    expect(keyVariables).not.toEqual([]);
    for (const variable of keyVariables) {
      expect(environment[variable]).toBe(hostKeys[variable]);
      const { [variable]: _missing, ...hostWithoutIt } = hostKeys;
      expect(() => containerEnvironment(name, hostWithoutIt)).toThrow(variable);
    }
  });

  it.each(appServices)('gives %s exactly the keys its code requires', (name) => {
    const keyVariables = Object.keys(serviceOf(name).environment ?? {}).filter(isSigningKey);
    expect(requiredKeys(name)).not.toEqual([]);
    expect(keyVariables.sort()).toEqual(requiredKeys(name));
  });

  it('never gives a subgraph the key that mints internal identity tokens', () => {
    for (const name of subgraphServices) expect(serviceOf(name).environment).not.toHaveProperty('INTERNAL_SIGNING_KEY');
  });

  it("routes the gateway to each subgraph's service by name and port", () => {
    const config = loadConfig(containerEnvironment('gateway'));
    for (const name of subgraphServices) {
      expect(subgraphUrlOverride(config, name)).toBe(`http://${name}:${DEFAULT_PORTS[name]}/graphql`);
    }
  });

  it('starts the gateway once every subgraph is healthy', () => {
    for (const name of subgraphServices) {
      expect(serviceOf('gateway').depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    }
  });

  it.each(subgraphServices)("connects %s to the postgres service's database as its user", (name) => {
    const url = new URL(loadConfig(containerEnvironment(name)).DATABASE_URL!);
    const postgres = containerEnvironment('postgres');
    expect([url.protocol, url.hostname, url.port]).toEqual(['postgres:', 'postgres', '5432']);
    expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
    expect(decodeURIComponent(url.username)).toBe(postgres.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgres.POSTGRES_PASSWORD);
  });

  it.each(subgraphServices)('starts %s without demo data', (name) => {
    expect(loadConfig(containerEnvironment(name)).SEED_DEMO).toBe(false);
  });

  it.each(appServices)('connects %s to the redis service', (name) => {
    const url = new URL(loadConfig(containerEnvironment(name)).REDIS_URL!);
    expect([url.protocol, url.hostname, url.port]).toEqual(['redis:', 'redis', '6379']);
  });

  it.each(appServices)('starts %s only once postgres and redis are healthy', (name) => {
    expect(serviceOf(name).depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
  });

  it.each(appServices)("checks %s's health with node at /healthz on its own port", (name) => {
    expect(serviceOf(name).healthcheck?.test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(healthcheckScript(name)).toContain(`'http://127.0.0.1:${DEFAULT_PORTS[name]}/healthz'`);
  });

  it.each(appServices)("passes %s's healthcheck only while /healthz answers OK", async (name) => {
    let status = 200;
    const server = createServer((req, res) => res.writeHead(req.url === '/healthz' ? status : 404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const script = healthcheckScript(name).replace(`:${DEFAULT_PORTS[name]}/`, `:${port}/`);
    const exitCode = () =>
      promisify(execFile)(process.execPath, ['-e', script]).then(
        () => 0,
        (error: { code: number }) => error.code,
      );
    try {
      expect(await exitCode()).toBe(0);
      status = 503;
      expect(await exitCode()).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await exitCode()).toBe(1);
  });

  it('gives every service that others wait on a healthcheck', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        if (condition === 'service_healthy')
          expect(serviceOf(dependency).healthcheck, `${name} waits on it`).toBeDefined();
      }
    }
  });

  it('declares every named volume a service mounts', () => {
    const named = Object.values(compose.services)
      .flatMap((service) => service.volumes ?? [])
      .map((volume) => volume.split(':')[0]!)
      .filter((source) => !source.startsWith('.') && !source.startsWith('/'));
    expect(named).not.toEqual([]);
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(named));
  });
});

describe('scripts/generate-keys.ts', () => {
  it('exports every key variable that common/config.ts declares', () => {
    expect(Object.keys(hostKeys).sort()).toEqual(declaredVariables.filter(isSigningKey).sort());
  });

  it('exports pairs whose verify key is the public half of the signing key, in PEM that loadKeys reads', () => {
    const loadOnly = (suffix: string) =>
      loadKeys(
        loadConfig({
          NODE_ENV: 'production',
          ...Object.fromEntries(Object.entries(hostKeys).filter(([name]) => name.endsWith(suffix))),
        }),
      );
    const signers = loadOnly('_SIGNING_KEY');
    const verifiers = loadOnly('_VERIFY_KEY');
    const spki = (pair?: KeyPair) => pair?.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(signers.auth?.privateKey?.asymmetricKeyType).toBe('ed25519');
    expect(signers.internal?.privateKey?.asymmetricKeyType).toBe('ed25519');
    expect(spki(verifiers.auth)).toBe(spki(signers.auth));
    expect(spki(verifiers.internal)).toBe(spki(signers.internal));
    expect(spki(signers.auth)).not.toBe(spki(signers.internal));
  });
});
