import { PubSub } from 'graphql-subscriptions';
import { pino, type Logger } from 'pino';
import { loadConfig, type SubgraphName } from '../../common/config.ts';
import { signAccessToken, type AccessTokenSubject } from '../../common/identity/access-token.ts';
import { createGateway } from '../../gateway/server.ts';
import type { SubscriptionLimits } from '../../gateway/subscriptions/subscription-server.ts';
import { readMetric } from './read-metric.ts';
import type { SubscriptionFixtures } from './subscription-fixtures.ts';

export interface FixtureGateway {
  url: string;
  wsUrl: string;
  /** The gateway's pub/sub, where subgraphs announce revoked API keys. */
  pubsub: PubSub;
  /** The value of a metric on the gateway's /metrics (0 when absent). */
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

export interface FixtureGatewayOptions {
  env?: Record<string, string>;
  subscriptionLimits?: Partial<SubscriptionLimits>;
  /** Where to reach a fixture subgraph instead of its own URL (a proxy in front of it, say). */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Serve (and reload) the supergraph in this file instead of the fixtures' composition. */
  supergraphPath?: string;
  logger?: Logger;
}

/**
 * The real gateway in front of the fixture subgraphs, on a free port. Rate limits are off unless
 * `env` turns them on: tests send bursts a tier would refuse.
 */
export async function startFixtureGateway(
  fixtures: SubscriptionFixtures,
  {
    env = {},
    subscriptionLimits,
    supergraphPath,
    subgraphUrls = {},
    logger = pino({ level: 'silent' }),
  }: FixtureGatewayOptions = {},
): Promise<FixtureGateway> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: fixtures.config.DATA_DIR,
    RATE_LIMITS_ENABLED: 'false',
    ...(supergraphPath ? { SUPERGRAPH_PATH: supergraphPath } : {}),
    ...env,
  });
  const pubsub = new PubSub();
  const server = await createGateway({
    config,
    logger,
    keys: fixtures.keys,
    pubsub,
    supergraphSdl: supergraphPath ? undefined : fixtures.supergraphSdl,
    subgraphUrls: { orders: fixtures.orders.url, tenant: fixtures.tenant.url, ...subgraphUrls },
    subscriptionLimits,
  });
  const running = await server.listen(0, '127.0.0.1');
  return {
    url: running.url,
    wsUrl: running.url.replace(/^http/, 'ws'),
    pubsub,
    metric: (name) => readMetric(running.url, name),
    stop: () => running.stop(),
  };
}

/** An access token as the tenant service would issue it to this user. */
export async function accessTokenFor(
  fixtures: SubscriptionFixtures,
  subject: Partial<Extract<AccessTokenSubject, { tenantId: string }>> = {},
  ttlSeconds = 900,
): Promise<string> {
  const { token } = await signAccessToken(
    { userId: 'user-1', tenantId: 'tenant-1', roles: ['MANAGER'], tier: 'PRO', ...subject },
    fixtures.keys.auth!.privateKey!,
    ttlSeconds,
  );
  return token;
}
