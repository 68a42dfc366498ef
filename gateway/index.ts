import { loadConfig } from '../common/config.ts';
import { loadKeys } from '../common/identity/keys.ts';
import { createLogger } from '../common/logger.ts';
import { createPubSub } from '../common/pubsub/create-pub-sub.ts';
import { exitOnStartupError } from '../common/service/run-standalone.ts';
import { stopOnSignals } from '../common/service/shutdown.ts';
import { createGateway } from './server.ts';

try {
  const config = loadConfig();
  const logger = createLogger(config, 'gateway');
  const pubsub = createPubSub(config);
  const gateway = await createGateway({ config, logger, keys: loadKeys(config), pubsub: pubsub.pubsub });
  const running = await gateway.listen(config.GATEWAY_PORT, config.HOST);
  logger.info({ url: running.url }, 'gateway ready');
  stopOnSignals(logger, async () => {
    await running.stop();
    await pubsub.close();
  });
} catch (error) {
  exitOnStartupError(error);
}
