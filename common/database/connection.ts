import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { openEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres.ts';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/** Where the databases of this process live: PostgreSQL at a URL, or embedded PGlite. */
export interface DatabaseConnection {
  kind: 'postgres' | 'embedded';
  /** Connection options for one subgraph's DataSource. */
  dataSourceOptions(): Partial<PostgresOptions>;
  describe(): string;
  close(): Promise<void>;
}

export function connectPostgres(url: string, poolSize: number): DatabaseConnection {
  return {
    kind: 'postgres',
    dataSourceOptions: () => ({ url, poolSize, connectTimeoutMS: 10_000 }),
    describe: () => `PostgreSQL at ${redactUrl(url)}`,
    close: async () => {},
  };
}

export async function connectEmbedded(
  options: EmbeddedPostgresOptions,
): Promise<DatabaseConnection & { embedded: EmbeddedPostgres }> {
  const embedded = await openEmbeddedPostgres(options);
  // Every DataSource shares the one pool; a DataSource's destroy() must not close it for the others.
  const sharedPool = new Proxy(embedded.pool, {
    get(target, property, receiver) {
      if (property === 'end')
        return (callback?: (error?: Error) => void) => (callback ? callback() : Promise.resolve());
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const driver = {
    ...pg,
    Pool: function SharedPool() {
      return sharedPool;
    },
  };
  return {
    kind: 'embedded',
    embedded,
    dataSourceOptions: () => ({ driver }),
    describe: () => (options.dataDir ? `embedded PGlite in ${options.dataDir}` : 'embedded PGlite in memory'),
    close: () => embedded.close(),
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
