import { openDatabase, type Database } from '../database/database.ts';
import { createSubgraphServer } from '../graphql/subgraph-server.ts';
import type { RunningService } from '../http/listen.ts';
import type { Runtime } from './runtime.ts';
import type { SubgraphModule } from './subgraph-module.ts';

export interface StartedSubgraph {
  name: string;
  url: string;
  database: Database;
  stop(): Promise<void>;
}

/** Migrates the subgraph's schema, seeds the demo when asked, and starts serving it on `port`. */
export async function startSubgraph(module: SubgraphModule, runtime: Runtime, port: number): Promise<StartedSubgraph> {
  const { config, keys } = runtime;
  const logger = runtime.logger.child({ subgraph: module.name });
  const database = await openDatabase(runtime.connection, module.database);
  const deps = { config, logger, database, keys };
  if (config.SEED_DEMO && module.seedDemo) await module.seedDemo(deps);

  let running: RunningService;
  try {
    const server = await createSubgraphServer(module.definition(deps), {
      config,
      logger,
      database,
      internalVerifyKey: keys.internal.publicKey,
    });
    running = await server.listen(port, config.HOST);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    name: module.name,
    url: running.url,
    database,
    async stop() {
      await running.stop();
      await database.close();
    },
  };
}
