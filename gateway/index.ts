import { loadConfig } from '../common/config.ts';
import { loadKeys } from '../common/identity/keys.ts';
import { createLogger } from '../common/logger.ts';
import { createPubSub } from '../common/pubsub/create-pub-sub.ts';
import { exitOnStartupError } from '../common/service/run-standalone.ts';
import { stopOnSignals } from '../common/service/shutdown.ts';
import { startTracing } from '../common/telemetry/tracing.ts';
import { createGateway } from './server.ts';

try {
  const config = loadConfig();
  const logger = createLogger(config, 'gateway');
  const tracing = startTracing(config, 'gateway');
  const pubsub = createPubSub(config);
  const gateway = await createGateway({ config, logger, keys: loadKeys(config), pubsub: pubsub.pubsub });
  const running = await gateway.listen(config.GATEWAY_PORT, config.HOST);
  logger.info({ url: running.url }, 'gateway ready');
  stopOnSignals(logger, async () => {
    await running.stop();
    await pubsub.close();
    await tracing.shutdown();
  });
} catch (error) {
  exitOnStartupError(error);
}
