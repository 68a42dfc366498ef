import { portOf, type Config, type SubgraphName } from '../common/config.ts';
import type { EventBus } from '../common/events/event-bus.ts';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { RunningService } from '../common/http/listen.ts';
import { createRuntime, type RuntimeOptions } from '../common/service/runtime.ts';
import { startSubgraph, type StartedSubgraph } from '../common/service/start-subgraph.ts';
import { createGateway } from '../gateway/server.ts';
import { SUBGRAPHS } from '../subgraphs/index.ts';

export interface PlatformOptions extends RuntimeOptions {
  /** Listen on free ports instead of the configured ones (tests). */
  anyPorts?: boolean;
}

export interface Platform {
  gatewayUrl: string;
  bus: EventBus;
  /** The pub/sub every subscription of this process listens on. */
  pubsub: PubSubEngine;
  subgraphs: StartedSubgraph[];
  databaseDescription: string;
  stop(): Promise<void>;
}

/** The whole platform in one process: every subgraph on its own port, and the gateway in front. */
export async function startPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const runtime = await createRuntime(config, 'platform', options);
  const portFor = (service: 'gateway' | SubgraphName) => (options.anyPorts ? 0 : portOf(config, service));
  const subgraphs: StartedSubgraph[] = [];
  let gateway: RunningService | undefined;

  const stop = async () => {
    await gateway?.stop();
    for (const subgraph of subgraphs.reverse()) await subgraph.stop();
    await runtime.close();
  };

  try {
    for (const module of SUBGRAPHS) subgraphs.push(await startSubgraph(module, runtime, portFor(module.name)));
    const server = await createGateway({
      config,
      logger: runtime.logger.child({ service: 'gateway' }),
      keys: runtime.keys,
      pubsub: runtime.pubsub,
      subgraphUrls: Object.fromEntries(subgraphs.map((subgraph) => [subgraph.name, subgraph.url])),
    });
    gateway = await server.listen(portFor('gateway'), config.HOST);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  return {
    gatewayUrl: gateway.url,
    bus: runtime.bus,
    pubsub: runtime.pubsub,
    subgraphs,
    databaseDescription: runtime.connection.describe(),
    stop,
  };
}
