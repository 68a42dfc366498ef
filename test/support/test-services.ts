import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { connectEmbedded, connectPostgres, type DatabaseConnection } from '../../common/database/connection.ts';

/** Real PostgreSQL and Redis when TEST_DATABASE_URL / TEST_REDIS_URL are set, embedded otherwise. */
export const testServices = {
  databaseUrl: process.env.TEST_DATABASE_URL || undefined,
  redisUrl: process.env.TEST_REDIS_URL || undefined,
};

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

export interface TestDatabase {
  connection: DatabaseConnection;
  /** The URL of the fresh database, when on PostgreSQL. */
  url?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new database on the test PostgreSQL server (or the
 * one at `serverUrl`), or an in-memory PGlite.
 */
export async function createTestDatabase(poolSize = 5, serverUrl = testServices.databaseUrl): Promise<TestDatabase> {
  if (!serverUrl) {
    const connection = await connectEmbedded({ loadDataDir: await embeddedTemplate() });
    return { connection, drop: () => connection.close() };
  }
  const name = uniqueName('gc_test');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = connectPostgres(url.toString(), poolSize);
  return {
    connection,
    url: url.toString(),
    async drop() {
      await connection.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

const TEMPLATE_FILE = join('node_modules', '.cache', 'go-coffee', 'pglite-template.tar.gz');

/** A freshly initialised PGlite, dumped once: loading it is ~5x faster than running initdb again. */
export async function embeddedTemplate(): Promise<Blob> {
  if (!existsSync(TEMPLATE_FILE)) {
    const pglite = await PGlite.create();
    const dump = await pglite.dumpDataDir('gzip');
    await pglite.close();
    mkdirSync(join(TEMPLATE_FILE, '..'), { recursive: true });
    const partial = `${TEMPLATE_FILE}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, TEMPLATE_FILE);
  }
  return new Blob([readFileSync(TEMPLATE_FILE)]);
}
