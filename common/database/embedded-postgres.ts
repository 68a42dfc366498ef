import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgres {
  pglite: PGlite;
  /** The one connection every DataSource shares: PGlite is a single session. */
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory kept on disk; omit for an in-memory database (tests). */
  dataDir?: string;
  /** A dump from `pglite.dumpDataDir()` to start from instead of running initdb. */
  loadDataDir?: Blob;
  connectionTimeoutMillis?: number;
}

/**
 * Opens PGlite behind the real `pg` driver. Two processes on one data directory lose data silently,
 * so an exclusive lockfile refuses the second one.
 */
export async function openEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const releaseLock = options.dataDir ? lockDataDirectory(options.dataDir) : () => {};
  try {
    const pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: join(options.dataDir, 'pgdata') } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    const pool = new pg.Pool({
      ...createPgConfig(pglite),
      max: 1,
      idleTimeoutMillis: 0,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    });
    let closing: Promise<void> | undefined;
    return {
      pglite,
      pool,
      close: () =>
        (closing ??= (async () => {
          await pool.end();
          await pglite.close();
          releaseLock();
        })()),
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

export class DataDirectoryInUseError extends Error {
  override name = 'DataDirectoryInUseError';
}

function lockDataDirectory(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (isAlive(holder)) {
        throw new DataDirectoryInUseError(
          `The data directory ${dataDir} is in use by process ${holder}; stop it first or set DATA_DIR to another directory.`,
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirectoryInUseError(`Could not lock the data directory ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
