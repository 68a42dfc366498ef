import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../common/config.ts';
import { startPlatform, type Platform } from '../../platform/platform.ts';
import { createTestDatabase, testServices, uniqueName, type TestDatabase } from './test-services.ts';

export interface TestPlatform extends Platform {
  config: Config;
  database: TestDatabase;
}

/**
 * The whole platform in this process on free ports, over a fresh database (PostgreSQL or embedded)
 * and Redis when the test services say so, with the demo data seeded (without order history unless
 * `DEMO_HISTORY_DAYS` says otherwise). `databaseServer` puts the database on another PostgreSQL server.
 */
export async function startTestPlatform(
  env: Record<string, string> = {},
  databaseServer = testServices.databaseUrl,
): Promise<TestPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'go-coffee-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    REDIS_PREFIX: `${uniqueName('test')}:`,
    // The demo order history takes seconds to seed; the few tests about it ask for it.
    DEMO_HISTORY_DAYS: '0',
    // Tests call hundreds of operations a second as one tenant from one address; the tests of the
    // rate limits turn them on.
    RATE_LIMITS_ENABLED: 'false',
    ...(testServices.redisUrl ? { REDIS_URL: testServices.redisUrl } : {}),
    ...env,
  });
  const database = await createTestDatabase(config.DATABASE_POOL_SIZE, databaseServer);
  const platform = await startPlatform(config, { connection: database.connection, anyPorts: true });
  return {
    ...platform,
    config,
    database,
    async stop() {
      await platform.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
