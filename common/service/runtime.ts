import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { connectEmbedded, connectPostgres, type DatabaseConnection } from '../database/connection.ts';
import { loadKeys, type PlatformKeys } from '../identity/keys.ts';
import { createLogger } from '../logger.ts';

/** What every service of one process shares: configuration, keys and the database connection. */
export interface Runtime {
  config: Config;
  logger: Logger;
  keys: PlatformKeys;
  connection: DatabaseConnection;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Tests hand in their own (a fresh database each). */
  connection?: DatabaseConnection;
  logger?: Logger;
}

export async function createRuntime(config: Config, service: string, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config, service);
  const keys = loadKeys(config);
  const connection =
    options.connection ??
    (config.DATABASE_URL
      ? connectPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE)
      : await connectEmbedded({ dataDir: join(config.DATA_DIR, 'postgres') }));
  return { config, logger, keys, connection, close: () => connection.close() };
}
