import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { EventBus } from './event-bus.ts';
import { createInProcessEventBus } from './in-process-event-bus.ts';
import { createRedisStreamsEventBus } from './redis-streams-event-bus.ts';

export function createEventBus(config: Config, logger: Logger): EventBus {
  return config.REDIS_URL
    ? createRedisStreamsEventBus({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger })
    : createInProcessEventBus({ logger });
}
