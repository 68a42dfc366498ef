import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request, type RequestHandler, type Router } from 'express';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { applyMiddleware } from 'graphql-middleware';
import type { IRules } from 'graphql-shield';
import { createServer } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { createAuditPlugin } from '../audit/audit-plugin.ts';
import type { Config, SubgraphName } from '../config.ts';
import type { Database } from '../database/database.ts';
import { INTERNAL_TOKEN_HEADER, verifyInternalToken, type CallerContext } from '../identity/internal-token.ts';
import { listen, type ServiceServer } from '../http/listen.ts';
import { graphqlRequestBody } from '../http/graphql-request-body.ts';
import { createServiceMetrics } from '../http/metrics.ts';
import { currentRequestId, runWithRequestId } from '../http/request-scope.ts';
import { createServiceApp, requestIdOf, type ReadinessCheck } from '../http/service-app.ts';
import { limitEntityRepresentations } from './entity-representation-limit.ts';
import { permissionMiddleware } from './permission-middleware.ts';
import { traceRequests } from '../telemetry/trace-context.ts';
import { createTracingPlugin } from '../telemetry/tracing-plugin.ts';
import { maskError, refuseMalformedInput } from './errors.ts';
import {
  createOperationGuard,
  operationLimitsOf,
  parseWithinLimits,
  subgraphOperationLimits,
} from './operation-limits.ts';
import { createOperationMetricsPlugin } from './operation-metrics-plugin.ts';
import { allow } from './rules.ts';
import type { SubgraphContext } from './subgraph-context.ts';
import { foldSubscriptionResolvers } from './subscription-resolvers.ts';

export interface SubgraphDefinition<TContext extends SubgraphContext = SubgraphContext> {
  name: SubgraphName;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  /** graphql-shield rule tree; anything it does not name is denied. */
  permissions: IRules;
  /** Adds the subgraph's per-request parts (DataLoaders, services) to the base context. */
  extendContext?: (base: SubgraphContext) => TContext;
  /** Service-to-service endpoints under /internal, behind the same internal token as /graphql. */
  internalRoutes?: Router;
  /**
   * Callbacks from outside providers under /webhooks, without the internal token: each route must
   * verify its caller itself (a provider's signature) and parse its own body.
   */
  webhookRoutes?: Router;
  /** Files behind signed, expiring links under /downloads, without the internal token: each route checks its link. */
  downloadRoutes?: Router;
  /** Query fields recorded in the audit trail like mutations: platform-level reads. */
  auditedQueries?: string[];
}

export interface SubgraphServerOptions {
  config: Config;
  logger: Logger;
  database: Database;
  internalVerifyKey: KeyObject;
  readiness?: ReadinessCheck[];
  /** The outbox for other services at `/internal/events`, behind its own token instead of the gateway's. */
  eventFeed?: Router;
}

/**
 * Federation's own fields: the gateway needs them, and the internal token already guards the port.
 * What `_entities` returns is guarded by the type-level rules and each `__resolveReference`.
 */
function withFederationPermissions(permissions: IRules, schema: GraphQLSchema): IRules {
  const query = (permissions as Record<string, unknown>).Query ?? {};
  if (typeof query !== 'object' || 'resolve' in query) throw new Error('Query permissions must be a per-field map');
  // A subgraph that defines no entity has no _entities field, and shield refuses a rule for a missing field.
  const entities = schema.getQueryType()?.getFields()._entities ? { _entities: allow } : {};
  return { ...permissions, Query: { ...query, _service: allow, ...entities }, _Service: allow } as IRules;
}

export function buildSubgraphGraphQLSchema<TContext extends SubgraphContext>(
  definition: SubgraphDefinition<TContext>,
): GraphQLSchema {
  const resolvers = foldSubscriptionResolvers(definition.resolvers) as GraphQLResolverMap<unknown>;
  const schema = buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers }]);
  return applyMiddleware(
    schema,
    permissionMiddleware(withFederationPermissions(definition.permissions, schema), schema),
  );
}

/**
 * Builds a subgraph service: Apollo Server on `/graphql` over HTTP and graphql-ws, behind the
 * internal identity token, plus `/healthz`, `/readyz` and `/metrics`.
 */
export async function createSubgraphServer<TContext extends SubgraphContext>(
  definition: SubgraphDefinition<TContext>,
  options: SubgraphServerOptions,
): Promise<ServiceServer> {
  const { config, database, internalVerifyKey } = options;
  const logger = options.logger.child({ subgraph: definition.name });
  const production = config.NODE_ENV === 'production';
  const schema = limitEntityRepresentations(buildSubgraphGraphQLSchema(definition), config.MAX_ENTITY_REPRESENTATIONS);
  const metrics = createServiceMetrics(definition.name);
  // Only the gateway calls a subgraph: what it admits, with room for what its query planner adds.
  const guard = createOperationGuard(subgraphOperationLimits(operationLimitsOf(config)), {
    exposeLimits: !production,
  });

  const buildContext = ({ identity, clientIp }: CallerContext, requestId: string): TContext => {
    const base: SubgraphContext = {
      requestId,
      identity,
      clientIp,
      logger: logger.child({ requestId }),
      transaction: (work) => database.transaction(identity.tenantId, work).catch(refuseMalformedInput),
    };
    return definition.extendContext ? definition.extendContext(base) : (base as TContext);
  };
  const authenticate = (token: unknown): Promise<CallerContext> =>
    typeof token === 'string' && token
      ? verifyInternalToken(token, definition.name, internalVerifyKey)
      : Promise.reject(new Error('missing internal token'));

  const app = createServiceApp({
    logger,
    metrics,
    readiness: [{ name: 'database', check: () => database.ping() }, ...(options.readiness ?? [])],
  });
  const httpServer = createServer(app);
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.REQUEST_BODY_LIMIT });
  const wsCleanup = useServer<Record<string, unknown>, { caller: CallerContext }>(
    {
      schema,
      onConnect: async (ctx) => {
        try {
          ctx.extra.caller = await authenticate(ctx.connectionParams?.[INTERNAL_TOKEN_HEADER]);
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        const document = parseWithinLimits(schema, payload.query, guard, { introspection: !production });
        if (Array.isArray(document)) return document;
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((error) => maskError(error.toJSON(), undefined, !production)),
      context: (ctx) => buildContext(ctx.extra.caller!, crypto.randomUUID()),
    },
    wsServer,
  );

  const apollo = new ApolloServer<TContext>({
    schema,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    parseOptions: guard.parseOptions,
    validationRules: guard.validationRules,
    // Shutdown is ours (stopOnSignals): one orderly stop for every server in the process.
    stopOnTerminationSignals: false,
    formatError: (formatted) => maskError(formatted, currentRequestId(), !production),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // No field declares a cache hint; with the plugin on, Apollo wraps every field to gather them.
      ApolloServerPluginCacheControlDisabled(),
      createOperationMetricsPlugin(metrics, logger) as ApolloServerPlugin<TContext>,
      createTracingPlugin() as ApolloServerPlugin<TContext>,
      createAuditPlugin(definition.name, database, logger, definition.auditedQueries) as ApolloServerPlugin<TContext>,
      { serverWillStart: async () => ({ drainServer: async () => wsCleanup.dispose() }) },
    ],
  });
  await apollo.start();

  const callers = new WeakMap<Request, CallerContext>();
  const requireInternalToken: RequestHandler = async (req, res, next) => {
    try {
      callers.set(req, await authenticate(req.headers[INTERNAL_TOKEN_HEADER]));
    } catch {
      res.status(401).json({ errors: [{ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    runWithRequestId(requestIdOf(req), next);
  };
  app.use(
    '/graphql',
    requireInternalToken,
    // The gateway sends one operation per request: subgraphs take no batches.
    graphqlRequestBody({ limit: config.REQUEST_BODY_LIMIT, batching: { enabled: false } }),
    traceRequests(definition.name),
    expressMiddleware(apollo, {
      context: async ({ req }) => buildContext(callers.get(req)!, requestIdOf(req)),
    }),
  );
  if (definition.webhookRoutes) app.use('/webhooks', definition.webhookRoutes);
  if (definition.downloadRoutes) app.use('/downloads', definition.downloadRoutes);
  if (options.eventFeed) app.use('/internal/events', options.eventFeed);
  if (definition.internalRoutes) {
    app.use('/internal', requireInternalToken, express.json({ limit: '16kb' }), definition.internalRoutes);
  }

  return {
    httpServer,
    listen: (port, host) => listen(httpServer, port, host, () => apollo.stop()),
  };
}
