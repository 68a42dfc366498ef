import { loadConfig } from '../common/config.ts';
import { loadKeys } from '../common/identity/keys.ts';
import { createLogger } from '../common/logger.ts';
import { exitOnStartupError } from '../common/service/run-standalone.ts';
import { stopOnSignals } from '../common/service/shutdown.ts';
import { createGateway } from './server.ts';

try {
  const config = loadConfig();
  const logger = createLogger(config, 'gateway');
  const gateway = await createGateway({ config, logger, keys: loadKeys(config) });
  const running = await gateway.listen(config.GATEWAY_PORT, config.HOST);
  logger.info({ url: running.url }, 'gateway ready');
  stopOnSignals(logger, running.stop);
} catch (error) {
  exitOnStartupError(error);
}
