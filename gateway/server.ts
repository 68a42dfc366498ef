import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request } from 'express';
import { exportJWK } from 'jose';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Logger } from 'pino';
import { SUBGRAPH_NAMES, subgraphUrlOverride, type Config, type SubgraphName } from '../common/config.ts';
import { maskError } from '../common/graphql/errors.ts';
import { createOperationMetricsPlugin } from '../common/graphql/operation-metrics-plugin.ts';
import { listen, type ServiceServer } from '../common/http/listen.ts';
import { createServiceMetrics } from '../common/http/metrics.ts';
import { currentRequestId, runWithRequestId } from '../common/http/request-scope.ts';
import { createServiceApp, requestIdOf } from '../common/http/service-app.ts';
import { API_KEY_REVOKED_TOPIC, parseApiKey } from '../common/identity/api-key-format.ts';
import type { Identity, Role } from '../common/identity/identity.ts';
import { requireKey, type PlatformKeys } from '../common/identity/keys.ts';
import { createCredentialVerifier } from './credential-verifier.ts';
import { createUsageMeter } from './usage-meter.ts';
import { AuthenticationError, authenticate } from './authenticate.ts';
import type { GatewayContext } from './gateway-context.ts';
import { InternalIdentityDataSource } from './internal-identity-data-source.ts';
import { createRefuseHttpSubscriptionsPlugin } from './refuse-http-subscriptions-plugin.ts';
import { createSubscriptionPlanner, type SubscriptionPlanner } from './subscriptions/subscription-planner.ts';
import { createSubscriptionServer, type SubscriptionLimits } from './subscriptions/subscription-server.ts';

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  keys: PlatformKeys;
  /** Where each subgraph listens, when it is not where the supergraph says (embedded mode, tests). */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Announcements from subgraphs, such as revoked API keys. */
  pubsub: PubSubEngine;
  /** The supergraph to serve, instead of reading SUPERGRAPH_PATH (tests compose their own). */
  supergraphSdl?: string;
  /** Overrides of the subscription limits the configuration sets. */
  subscriptionLimits?: Partial<SubscriptionLimits>;
}

/** The one door clients use: verifies their credential and plans each operation across subgraphs. */
export async function createGateway({
  config,
  logger,
  keys,
  subgraphUrls = {},
  pubsub,
  supergraphSdl,
  subscriptionLimits,
}: GatewayOptions): Promise<ServiceServer> {
  const production = config.NODE_ENV === 'production';
  const internalSigningKey = requireKey(keys.internal?.privateKey, 'INTERNAL_SIGNING_KEY');
  const accessTokenKey = requireKey(keys.auth?.publicKey, 'AUTH_VERIFY_KEY');
  const metrics = createServiceMetrics('gateway');

  const routes = new Map<string, string>();
  const dataSources = new Map<string, GraphQLDataSource>();
  // @apollo/gateway reports usage metrics to Apollo's servers (and probes cloud metadata endpoints
  // for them) unless this is set; the platform sends nothing anywhere it was not configured to.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphSdl ?? readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) => {
      const target = subgraphUrls[name as SubgraphName] ?? routedUrl(config, name) ?? url;
      if (!target) throw new Error(`No URL for subgraph ${name}`);
      routes.set(name, target);
      const dataSource = new InternalIdentityDataSource(name, target, internalSigningKey);
      dataSources.set(name, dataSource);
      return dataSource;
    },
  });
  let subscriptionPlanner: SubscriptionPlanner | undefined;
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    subscriptionPlanner = createSubscriptionPlanner(coreSupergraphSdl);
  });

  const app = createServiceApp({
    logger,
    metrics,
    readiness: [{ name: 'subgraphs', check: () => allReachable(routes) }],
  });
  const jwks = { keys: [{ ...(await exportJWK(accessTokenKey)), alg: 'EdDSA', use: 'sig', kid: 'auth' }] };
  app.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=300');
    res.json(jwks);
  });

  const tenantUrl = () => routes.get('tenant');
  const apiKeys = createCredentialVerifier<{ tenantId: string; scopes: string[]; tier: string }>({
    tenantUrl,
    signingKey: internalSigningKey,
    path: '/internal/api-keys/verify',
    cacheMs: 30_000,
    toIdentity: (key) => ({
      kind: 'api_key',
      userId: null,
      tenantId: key.tenantId,
      roles: [],
      scopes: key.scopes,
      tier: key.tier,
    }),
  });
  const sso = createCredentialVerifier<{
    userId: string;
    tenantId: string;
    role: Role;
    tier: string;
    expiresAt: number;
  }>({
    tenantUrl,
    signingKey: internalSigningKey,
    path: '/internal/sso/sign-in',
    cacheMs: 60_000,
    validUntil: (user) => user.expiresAt,
    toIdentity: (user) => ({
      kind: 'user',
      userId: user.userId,
      tenantId: user.tenantId,
      roles: [user.role],
      scopes: [],
      tier: user.tier,
    }),
  });
  const authenticators = { accessTokenKey, apiKeys, sso };
  const usage = createUsageMeter({ tenantUrl, signingKey: internalSigningKey, logger });

  const httpServer = createServer(app);
  const subscriptions = createSubscriptionServer({
    httpServer,
    planner: () => subscriptionPlanner,
    services: () => Object.fromEntries(dataSources),
    urlOf: (subgraph) => routes.get(subgraph),
    authenticators,
    usage,
    signingKey: internalSigningKey,
    metrics,
    logger,
    exposeInternals: !production,
    limits: { maxPendingEvents: config.SUBSCRIPTION_MAX_PENDING_EVENTS, ...subscriptionLimits },
  });
  const revocations = await pubsub.subscribe(
    API_KEY_REVOKED_TOPIC,
    ({ prefix }: { prefix: string }) => {
      apiKeys.forget((key) => parseApiKey(key)?.prefix === prefix);
      subscriptions.endForApiKey(prefix);
    },
    {},
  );
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Shutdown is ours (stopOnSignals): one orderly stop for every server in the process.
    stopOnTerminationSignals: false,
    formatError: (formatted) => maskError(formatted, currentRequestId(), !production),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      createOperationMetricsPlugin(metrics, logger),
      createRefuseHttpSubscriptionsPlugin(),
      { serverWillStart: async () => ({ drainServer: () => subscriptions.dispose() }) },
    ],
  });
  await apollo.start();

  const identities = new WeakMap<Request, Identity>();
  app.use(
    '/graphql',
    async (req, res, next) => {
      try {
        identities.set(req, await authenticate(req.headers, authenticators));
      } catch (error) {
        if (error instanceof AuthenticationError) {
          res.status(401).json({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
        } else {
          logger.error({ err: error, requestId: requestIdOf(req) }, 'could not authenticate the request');
          res.status(503).json({
            errors: [
              {
                message: 'Authentication is unavailable',
                extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: requestIdOf(req) },
              },
            ],
          });
        }
        return;
      }
      const tenantId = identities.get(req)!.tenantId;
      if (tenantId) {
        const admission = usage.admit(tenantId);
        if (!admission.allowed) {
          res.status(429).json({
            errors: [
              {
                message: `This month's ${admission.limit} API calls of the tier are used (${admission.used}): upgrade or wait for next month`,
                extensions: { code: 'QUOTA_EXCEEDED', limit: admission.limit, used: admission.used },
              },
            ],
          });
          return;
        }
        usage.count(tenantId);
      }
      runWithRequestId(requestIdOf(req), next);
    },
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        requestId: requestIdOf(req),
        identity: identities.get(req)!,
        clientIp: req.ip ?? null,
      }),
    }),
  );

  const stop = async () => {
    pubsub.unsubscribe(revocations);
    await apollo.stop();
    await usage.stop();
  };
  return { httpServer, listen: (port, host) => listen(httpServer, port, host, stop) };
}

function routedUrl(config: Config, name: string): string | undefined {
  return SUBGRAPH_NAMES.includes(name as SubgraphName) ? subgraphUrlOverride(config, name as SubgraphName) : undefined;
}

/**
 * Every subgraph answers HTTP. Ours serve `/healthz`; a subgraph of another stack may answer that
 * path with a 4xx, which still says it is up: only no answer or a 5xx makes the gateway unready.
 */
async function allReachable(routes: Map<string, string>): Promise<void> {
  await Promise.all(
    [...routes].map(async ([name, url]) => {
      const response = await fetch(new URL('/healthz', url));
      await response.body?.cancel();
      if (response.status >= 500) throw new Error(`subgraph ${name} answered ${response.status}`);
    }),
  );
}
