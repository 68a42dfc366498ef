import { loadConfig } from '../common/config.ts';
import { createLogger } from '../common/logger.ts';
import { exitOnStartupError } from '../common/service/run-standalone.ts';
import { stopOnSignals } from '../common/service/shutdown.ts';
import { startTracing } from '../common/telemetry/tracing.ts';
import { banner } from './banner.ts';
import { startPlatform } from './platform.ts';

const startedAt = performance.now();
try {
  const config = loadConfig();
  const logger = createLogger(config, 'platform');
  // One provider for the gateway and every subgraph this process runs.
  const tracing = startTracing(config, 'go-coffee');
  const platform = await startPlatform(config, { logger });
  // Before the banner, which tells the user Ctrl-C drains and stops: it must already be true.
  stopOnSignals(logger, async () => {
    await platform.stop();
    await tracing.shutdown();
  });
  console.log(banner(platform, config.SEED_DEMO, performance.now() - startedAt, config.GRAPHIQL));
} catch (error) {
  exitOnStartupError(error);
}
