import { PubSub } from 'graphql-subscriptions';
import { pino } from 'pino';
import type { Config } from '../../common/config.ts';
import { loadKeys } from '../../common/identity/keys.ts';
import { createGateway } from '../../gateway/server.ts';
import type { TestPlatform } from './test-platform.ts';

export interface ExtraGateway {
  url: string;
  wsUrl: string;
  stop(): Promise<void>;
}

/**
 * One more gateway in front of the platform's subgraphs, as a second instance would run: the same
 * configuration (and so the same Redis, when there is one) but for what `overrides` says.
 */
export async function startExtraGateway(
  platform: TestPlatform,
  overrides: Partial<Config> = {},
): Promise<ExtraGateway> {
  const server = await createGateway({
    config: { ...platform.config, ...overrides },
    logger: pino({ level: 'silent' }),
    keys: loadKeys(platform.config),
    pubsub: new PubSub(),
    subgraphUrls: Object.fromEntries(platform.subgraphs.map((subgraph) => [subgraph.name, subgraph.url])),
  });
  const running = await server.listen(0, '127.0.0.1');
  return { url: running.url, wsUrl: running.url.replace(/^http/, 'ws'), stop: () => running.stop() };
}
