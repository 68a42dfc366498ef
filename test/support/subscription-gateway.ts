import { PubSub } from 'graphql-subscriptions';
import { pino } from 'pino';
import { loadConfig } from '../../common/config.ts';
import { signAccessToken, type AccessTokenSubject } from '../../common/identity/access-token.ts';
import { createGateway } from '../../gateway/server.ts';
import type { SubscriptionLimits } from '../../gateway/subscriptions/subscription-server.ts';
import { readMetric } from './metric.ts';
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

/** The real gateway in front of the fixture subgraphs, on a free port. */
export async function startFixtureGateway(
  fixtures: SubscriptionFixtures,
  {
    env = {},
    subscriptionLimits,
  }: { env?: Record<string, string>; subscriptionLimits?: Partial<SubscriptionLimits> } = {},
): Promise<FixtureGateway> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: fixtures.config.DATA_DIR, ...env });
  const pubsub = new PubSub();
  const server = await createGateway({
    config,
    logger: pino({ level: 'silent' }),
    keys: fixtures.keys,
    pubsub,
    supergraphSdl: fixtures.supergraphSdl,
    subgraphUrls: { orders: fixtures.orders.url, tenant: fixtures.tenant.url },
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
