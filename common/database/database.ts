import 'reflect-metadata';
import { DataSource, type EntityManager, type EntitySchema, type MixedList } from 'typeorm';
import type { DatabaseConnection } from './connection.ts';

/** The role requests run as: it owns nothing and cannot bypass row-level security. */
export const APP_ROLE = 'go_coffee_app';

export interface DatabaseOptions {
  /** The Postgres schema this subgraph owns; it touches no other. */
  schema: string;
  entities: EntitySchema<any>[];
  migrations: MixedList<new () => unknown>;
  logging?: boolean;
}

/** One subgraph's database: its DataSource plus the two ways to run work on it. */
export interface Database {
  readonly schema: string;
  readonly dataSource: DataSource;
  /**
   * Runs `work` in one transaction as the application role with `app.tenant_id` set for it, so
   * row-level security filters every row to that tenant (none at all when `tenantId` is null).
   */
  transaction<T>(tenantId: string | null, work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction as the schema owner, outside tenant isolation. Only for work that
   * is by nature cross-tenant: migrations, seeding, the outbox relay, credential lookups.
   */
  system<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /** Called after a transaction that wrote to the outbox has committed. */
  onOutboxCommit(listener: () => void): void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const managersWithOutboxWrites = new WeakSet<EntityManager>();

/** Marks the transaction as one that wrote events, so the relay is nudged once it commits. */
export function noteOutboxWrite(manager: EntityManager): void {
  managersWithOutboxWrites.add(manager);
}

export async function openDatabase(connection: DatabaseConnection, options: DatabaseOptions): Promise<Database> {
  const dataSource = new DataSource({
    type: 'postgres',
    ...connection.dataSourceOptions(),
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built into PostgreSQL 13+ and PGlite; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: options.logging ?? false,
  });
  await dataSource.initialize();
  try {
    await prepareSchema(dataSource, options.schema);
    await dataSource.runMigrations();
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }

  const outboxListeners: (() => void)[] = [];
  const inTransaction = async <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
    let used: EntityManager | undefined;
    const result = await dataSource.transaction((manager) => {
      used = manager;
      return work(manager);
    });
    if (used && managersWithOutboxWrites.has(used)) for (const listener of outboxListeners) listener();
    return result;
  };

  return {
    schema: options.schema,
    dataSource,
    transaction: (tenantId, work) =>
      inTransaction(async (manager) => {
        await manager.query(`SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true)`, [
          APP_ROLE,
          tenantId ?? '',
        ]);
        return work(manager);
      }),
    system: inTransaction,
    onOutboxCommit: (listener) => outboxListeners.push(listener),
    ping: async () => {
      await dataSource.query('SELECT 1');
    },
    close: () => dataSource.destroy(),
  };
}

/** The schema, the application role and its rights, before any migration runs. Idempotent. */
async function prepareSchema(dataSource: DataSource, schema: string): Promise<void> {
  const quoted = `"${schema.replace(/"/g, '""')}"`;
  await dataSource.query(`
    DO $$ BEGIN
      CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  await dataSource.query(`
    DO $$ BEGIN
      EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
  await dataSource.query(`GRANT USAGE ON SCHEMA ${quoted} TO ${APP_ROLE}`);
  await dataSource.query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${quoted} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`,
  );
}
