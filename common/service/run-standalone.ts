import { ConfigError, loadConfig, portOf } from '../config.ts';
import { startTracing } from '../telemetry/tracing.ts';
import { createRuntime } from './runtime.ts';
import { stopOnSignals } from './shutdown.ts';
import { startSubgraph } from './start-subgraph.ts';
import type { SubgraphModule } from './subgraph-module.ts';

/** Runs one subgraph as its own process (the distributed mode). */
export async function runStandalone(module: SubgraphModule): Promise<void> {
  try {
    const config = loadConfig();
    const tracing = startTracing(config, module.name);
    const runtime = await createRuntime(config, module.name);
    const subgraph = await startSubgraph(module, runtime, portOf(config, module.name));
    runtime.logger.info(
      { url: subgraph.url, database: runtime.connection.describe() },
      `${module.name} subgraph ready`,
    );
    stopOnSignals(runtime.logger, async () => {
      await subgraph.stop();
      await runtime.close();
      await tracing.shutdown();
    });
  } catch (error) {
    exitOnStartupError(error);
  }
}

export function exitOnStartupError(error: unknown): never {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
