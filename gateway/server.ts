import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { exportJWK } from 'jose';
import { createServer } from 'node:http';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Logger } from 'pino';
import { createCache } from '../common/cache/create-cache.ts';
import { SUBGRAPH_NAMES, subgraphUrlOverride, type Config, type SubgraphName } from '../common/config.ts';
import { maskError } from '../common/graphql/errors.ts';
import { createOperationGuard, operationLimitsOf } from '../common/graphql/operation-limits.ts';
import { createOperationMetricsPlugin } from '../common/graphql/operation-metrics-plugin.ts';
import { graphqlRequestBody } from '../common/http/graphql-request-body.ts';
import { listen, type ServiceServer } from '../common/http/listen.ts';
import { createServiceMetrics } from '../common/http/metrics.ts';
import { currentRequestId } from '../common/http/request-scope.ts';
import { createServiceApp, requestIdOf } from '../common/http/service-app.ts';
import { API_KEY_REVOKED_TOPIC, parseApiKey } from '../common/identity/api-key-format.ts';
import type { Role } from '../common/identity/identity.ts';
import { requireKey, type PlatformKeys } from '../common/identity/keys.ts';
import { traceRequests } from '../common/telemetry/trace-context.ts';
import { createTracingPlugin } from '../common/telemetry/tracing-plugin.ts';
import { createCredentialVerifier } from './credential-verifier.ts';
import { createUsageMeter } from './usage-meter.ts';
import { createAdmission } from './admission.ts';
import { createHttpAdmission } from './admit-http-request.ts';
import type { GatewayContext } from './gateway-context.ts';
import { createGraphiqlRoutes } from './graphiql/graphiql-routes.ts';
import { createFetchInstrumentation } from './instrumented-data-source.ts';
import { InternalIdentityDataSource } from './internal-identity-data-source.ts';
import { createTierRateLimit } from './rate-limit/tier-rate-limit.ts';
import { createPersistedQueryCache } from './persisted-query-cache.ts';
import { createRefuseHttpSubscriptionsPlugin } from './refuse-http-subscriptions-plugin.ts';
import { createSubgraphBreakers } from './resilience/subgraph-breakers.ts';
import { guardFetcher } from './resilience/guarded-fetcher.ts';
import { createHttpFetcher } from './resilience/http-fetcher.ts';
import { createSubscriptionPlanner, type SubscriptionPlanner } from './subscriptions/subscription-planner.ts';
import { createSubscriptionServer, type SubscriptionLimits } from './subscriptions/subscription-server.ts';
import { createSupergraphFile } from './supergraph-file.ts';
import { createPersistedDocumentMiddleware } from './trusted-documents/persisted-document-middleware.ts';
import { createTrustedDocuments, loadConfiguredManifest } from './trusted-documents/trusted-documents.ts';
import { createTrustedDocumentsPlugin } from './trusted-documents/trusted-documents-plugin.ts';

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  keys: PlatformKeys;
  /** Where each subgraph listens, when it is not where the supergraph says (embedded mode, tests). */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Announcements from subgraphs, such as revoked API keys. */
  pubsub: PubSubEngine;
  /** The supergraph to serve, instead of reading (and reloading) SUPERGRAPH_PATH (tests compose their own). */
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
  const guard = createOperationGuard(operationLimitsOf(config), { exposeLimits: !production });

  const routes = new Map<string, string>();
  const dataSources = new Map<string, GraphQLDataSource>();
  const breakers = createSubgraphBreakers(config, metrics, logger);
  const subgraphFetcher = createHttpFetcher();
  const instrument = createFetchInstrumentation(metrics);
  // @apollo/gateway reports usage metrics to Apollo's servers (and probes cloud metadata endpoints
  // for them) unless this is set; the platform sends nothing anywhere it was not configured to.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl:
      supergraphSdl ??
      createSupergraphFile({ path: config.SUPERGRAPH_PATH, watch: config.SUPERGRAPH_WATCH, logger, metrics }),
    // Also in production: a reloaded supergraph that is not a valid composition is refused, not served.
    validateSupergraph: true,
    buildService: ({ name, url }) => {
      const target = subgraphUrls[name as SubgraphName] ?? routedUrl(config, name) ?? url;
      if (!target) throw new Error(`No URL for subgraph ${name}`);
      routes.set(name, target);
      const dataSource = instrument(
        name,
        new InternalIdentityDataSource(name, target, internalSigningKey, {
          propagatedHeaders: config.PROPAGATED_HEADERS,
          fetcher: subgraphFetcher,
          guardFetcher: (fetcher) =>
            guardFetcher(fetcher, { timeoutMs: config.SUBGRAPH_TIMEOUT_MS, breaker: breakers.of(name) }),
        }),
      );
      dataSources.set(name, dataSource);
      return dataSource;
    },
  });
  let subscriptionPlanner: SubscriptionPlanner | undefined;
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    subscriptionPlanner = createSubscriptionPlanner(coreSupergraphSdl, { guard, introspection: !production });
  });
  // The subgraphs of the supergraph being served: a reload may drop some, which /readyz then ignores.
  const servedRoutes = () => subscriptionPlanner?.subgraphNames.map((name) => [name, routes.get(name)] as const) ?? [];

  const app = createServiceApp({
    logger,
    metrics,
    readiness: [{ name: 'subgraphs', check: () => allReachable(servedRoutes()) }],
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
    timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
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
    timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
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
  const usage = createUsageMeter({
    tenantUrl,
    signingKey: internalSigningKey,
    timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
    logger,
  });
  const rateLimit = config.RATE_LIMITS_ENABLED ? createTierRateLimit({ config, metrics, logger }) : undefined;
  const admission = createAdmission({ rateLimit, usage });
  const documents = createTrustedDocuments({
    mode: config.TRUSTED_DOCUMENTS,
    manifest: loadConfiguredManifest(config, logger),
    logger,
    metrics,
  });
  const persistedQueries = createCache(config, { maxEntries: config.APQ_MAX_ENTRIES });

  const httpServer = createServer(app);
  const subscriptions = createSubscriptionServer({
    httpServer,
    planner: () => subscriptionPlanner,
    services: () => Object.fromEntries(dataSources),
    urlOf: (subgraph) => routes.get(subgraph),
    authenticators,
    admission,
    documents,
    signingKey: internalSigningKey,
    metrics,
    logger,
    exposeInternals: !production,
    limits: {
      maxPendingEvents: config.SUBSCRIPTION_MAX_PENDING_EVENTS,
      maxMessageBytes: config.REQUEST_BODY_LIMIT,
      ...subscriptionLimits,
    },
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
    parseOptions: guard.parseOptions,
    validationRules: guard.validationRules,
    allowBatchedHttpRequests: config.GRAPHQL_BATCHING,
    persistedQueries: {
      cache: createPersistedQueryCache({ cache: persistedQueries, ttlSeconds: config.APQ_TTL_SECONDS, logger }),
    },
    // Shutdown is ours (stopOnSignals): one orderly stop for every server in the process.
    stopOnTerminationSignals: false,
    formatError: (formatted) => maskError(formatted, currentRequestId(), !production),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No field declares a cache hint; with the plugin on, Apollo wraps every field to gather them.
      ApolloServerPluginCacheControlDisabled(),
      createOperationMetricsPlugin(metrics, logger),
      createTracingPlugin(),
      createRefuseHttpSubscriptionsPlugin(),
      createTrustedDocumentsPlugin(documents),
      { serverWillStart: async () => ({ drainServer: () => subscriptions.dispose() }) },
    ],
  });
  await apollo.start();

  if (config.GRAPHIQL) app.use(createGraphiqlRoutes({ logger }));
  const http = createHttpAdmission({ authenticators, admission, logger });
  app.use(
    '/graphql',
    http.admit,
    graphqlRequestBody({
      limit: config.REQUEST_BODY_LIMIT,
      batching: config.GRAPHQL_BATCHING
        ? { enabled: true, maxSize: config.GRAPHQL_MAX_BATCH_SIZE }
        : { enabled: false },
    }),
    traceRequests('gateway'),
    createPersistedDocumentMiddleware(documents),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        requestId: requestIdOf(req),
        identity: http.identityOf(req),
        clientIp: req.ip ?? null,
      }),
    }),
  );

  const stop = async () => {
    pubsub.unsubscribe(revocations);
    await apollo.stop();
    await usage.stop();
    await rateLimit?.close();
    await persistedQueries.close();
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
async function allReachable(routes: readonly (readonly [string, string | undefined])[]): Promise<void> {
  await Promise.all(
    routes.map(async ([name, url]) => {
      if (!url) throw new Error(`no URL for subgraph ${name}`);
      const response = await fetch(new URL('/healthz', url));
      await response.body?.cancel();
      if (response.status >= 500) throw new Error(`subgraph ${name} answered ${response.status}`);
    }),
  );
}
