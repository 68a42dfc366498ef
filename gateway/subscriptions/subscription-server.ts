import type { ServiceMap } from '@apollo/gateway';
import { GraphQLError, Kind, type DocumentNode, type ExecutionArgs, type FormattedExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import { WebSocketServer, type WebSocket } from 'ws';
import { serviceUnavailable, unauthenticated } from '../../common/graphql/errors.ts';
import type { ServiceMetrics } from '../../common/http/metrics.ts';
import { AuthenticationError, type Authenticators } from '../authenticate.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { TrustedDocuments } from '../trusted-documents/trusted-documents.ts';
import type { Admission } from '../admission.ts';
import { establishCredential, type ConnectionCredential } from './connection-credential.ts';
import { openFederatedSubscription } from './federated-subscription.ts';
import { identityScope } from './identity-scope.ts';
import { createSubscriptionErrorFormatter, toGraphQLError } from './subscription-errors.ts';
import { createSubscriptionFanOut } from './subscription-fan-out.ts';
import type { PlannedSubscription, SubscriptionPlanner } from './subscription-planner.ts';
import { SubscriberQueue, createPendingBudget, type PendingBudget } from './subscriber-queue.ts';
import { createUpstreamConnections } from './upstream-connections.ts';

export interface SubscriptionLimits {
  /**
   * Events one connection may hold that its client has not read yet, across its subscriptions.
   * Past it the connection is closed with TOO_MANY_PENDING_EVENTS.
   */
  maxPendingEvents: number;
  /** How long a client has to send `connection_init`; graphql-ws closes with 4408 after. */
  connectionInitWaitMs: number;
  /** The largest message a client may send; a larger one closes the connection with 1009. */
  maxMessageBytes: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  maxPendingEvents: 1000,
  connectionInitWaitMs: 3_000,
  maxMessageBytes: 1024 * 1024,
};

/** Close codes of our own, beside graphql-ws's (4400 … 4429, 4500). Clients may reconnect after either. */
export const CLOSE_CODES = {
  /** The client read too slowly and its connection's pending events reached the limit. */
  TOO_MANY_PENDING_EVENTS: 4413,
  /** The credential could not be checked (the tenant service is unreachable): try again later. */
  AUTHENTICATION_UNAVAILABLE: 1013,
} as const;

export interface SubscriptionServerOptions {
  httpServer: Server;
  /** The planner of the current schema; undefined until the gateway has loaded it. */
  planner(): SubscriptionPlanner | undefined;
  /** The gateway's data sources by subgraph name. */
  services(): ServiceMap;
  /** A subgraph's GraphQL URL as the gateway routes to it. */
  urlOf(subgraph: string): string | undefined;
  authenticators: Authenticators;
  /** Each subscribe message is admitted like one HTTP request (rate and monthly allowance); events are not. */
  admission: Admission;
  /** Subscriptions sent by document id, and which may run: the same policy as HTTP. */
  documents: TrustedDocuments;
  signingKey: KeyObject;
  metrics: ServiceMetrics;
  logger: Logger;
  exposeInternals: boolean;
  limits?: Partial<SubscriptionLimits>;
}

interface Connection {
  socket: WebSocket;
  credential: ConnectionCredential;
  /** The socket's peer address: what anonymous callers are rate limited by. */
  clientIp: string | null;
  budget: PendingBudget;
  subscribers: Set<SubscriberQueue>;
  /** The request id of each subscription, by the id the client gave it. */
  requestIds: Map<string, string>;
  expiry: NodeJS.Timeout | undefined;
  closing: boolean;
}

type Extra = { connection: Connection };

interface Subscribing {
  connection: Connection;
  planner: SubscriptionPlanner;
  planned: PlannedSubscription;
  requestId: string;
}

/**
 * Federated subscriptions over graphql-ws on the gateway's own HTTP server and path. A connection
 * authenticates on `connection_init` with the credential HTTP requests use; every event is
 * re-checked against it before it is sent.
 */
export function createSubscriptionServer(options: SubscriptionServerOptions) {
  const { authenticators, admission, metrics, logger } = options;
  const limits = { ...DEFAULT_SUBSCRIPTION_LIMITS, ...options.limits };
  const formatError = createSubscriptionErrorFormatter(logger, options.exposeInternals);
  const connections = new Set<Connection>();

  const active = new Gauge({
    name: 'graphql_subscriptions_active',
    help: 'Client subscriptions the gateway is serving',
    registers: [metrics.registry],
  });
  const upstreamActive = new Gauge({
    name: 'graphql_subscriptions_upstream_active',
    help: 'Subscriptions the gateway holds open on subgraphs (identical client subscriptions share one)',
    registers: [metrics.registry],
  });
  const upstream = createUpstreamConnections({
    urlOf: options.urlOf,
    signingKey: options.signingKey,
    logger,
    onCountChange: (delta) => upstreamActive.inc(delta),
  });
  const fanOut = createSubscriptionFanOut();

  function endSubscriptions(connection: Connection, error: GraphQLError): void {
    for (const subscriber of [...connection.subscribers]) subscriber.end(error, { discardQueued: true });
  }

  function closeSlowConnection(connection: Connection): void {
    if (connection.closing) return;
    connection.closing = true;
    logger.warn(
      { pending: connection.budget.pending },
      'closing a subscription connection whose client reads too slowly',
    );
    for (const subscriber of [...connection.subscribers]) void subscriber.return();
    connection.socket.close(
      CLOSE_CODES.TOO_MANY_PENDING_EVENTS,
      'Too many pending events: the client reads too slowly',
    );
  }

  function subscribe({ connection, planner, planned, requestId }: Subscribing): SubscriberQueue {
    const { identity } = connection.credential;
    // The upstream work may be shared by several clients: it carries none's address.
    const context: GatewayContext = { requestId, identity, clientIp: null };
    let stopListening = () => {};
    const subscriber: SubscriberQueue = new SubscriberQueue({
      budget: connection.budget,
      beforeEach: () => connection.credential.check(),
      onEnd: () => {
        connection.subscribers.delete(subscriber);
        active.dec();
        stopListening();
      },
    });
    connection.subscribers.add(subscriber);
    active.inc();
    // Identical subscriptions of one authorization scope share one upstream subscription and its joins.
    const key = `${identityScope(identity)}\n${planned.key}`;
    stopListening = fanOut.listen(
      key,
      (listener) =>
        openFederatedSubscription(
          { planner, planned, context, services: options.services, upstream, formatError, logger },
          listener,
        ),
      { event: (result) => subscriber.push(result), end: (error) => subscriber.end(error) },
    );
    return subscriber;
  }

  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: limits.maxMessageBytes,
  });
  const sockets = new Gauge({
    name: 'graphql_ws_connections',
    help: 'WebSocket connections open on /graphql, acknowledged or not',
    registers: [metrics.registry],
  });
  wsServer.on('connection', (socket) => {
    sockets.inc();
    socket.once('close', () => sockets.dec());
  });
  const graphqlWs = useServer<Record<string, unknown>, Extra>(
    {
      connectionInitWaitTimeout: limits.connectionInitWaitMs,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        if (authorization !== undefined && typeof authorization !== 'string') return false;
        let credential: ConnectionCredential;
        try {
          credential = await establishCredential(authorization, authenticators);
        } catch (error) {
          if (error instanceof AuthenticationError) return false;
          logger.error({ err: error }, 'could not authenticate a subscription connection');
          ctx.extra.socket.close(CLOSE_CODES.AUTHENTICATION_UNAVAILABLE, 'Authentication is unavailable');
          return false;
        }
        const connection: Connection = {
          socket: ctx.extra.socket,
          credential,
          clientIp: ctx.extra.request.socket.remoteAddress ?? null,
          budget: createPendingBudget(limits.maxPendingEvents, () => closeSlowConnection(connection)),
          subscribers: new Set(),
          requestIds: new Map(),
          expiry: undefined,
          closing: false,
        };
        if (credential.expiresAt !== null) {
          // Ends the subscriptions when the credential expires, even if no event comes to notice it.
          const delay = Math.min(Math.max(credential.expiresAt - Date.now(), 0), 2 ** 31 - 1);
          connection.expiry = setTimeout(
            () => endSubscriptions(connection, unauthenticated('The credential of this connection has expired')),
            delay,
          );
          connection.expiry.unref();
        }
        ctx.extra.connection = connection;
        connections.add(connection);
        return true;
      },

      onSubscribe: async (ctx, id, payload) => {
        const connection = ctx.extra.connection!;
        const requestId = randomUUID();
        connection.requestIds.set(id, requestId);
        try {
          await connection.credential.check();
        } catch (error) {
          return [toGraphQLError(error)];
        }
        const admitted = await admission.admit(connection.credential.identity, connection.clientIp);
        if (admitted.refusal) return [admitted.refusal];
        const request = options.documents.resolve(payload);
        if (request instanceof GraphQLError) return [request];
        if (typeof request.query !== 'string') return [persistedQueryNotFound()];
        const refusal = options.documents.refusal(request.query, request.operationName);
        if (refusal) return [refusal];
        const planner = options.planner();
        if (!planner) return [serviceUnavailable('The gateway is still loading its schema: subscribe again')];
        const planned = planner.plan({ ...request, query: request.query });
        if (isErrors(planned)) return planned;
        const { operation, fragments, schema } = planned.operationContext;
        const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...Object.values(fragments)] };
        const subscribing: Subscribing = { connection, planner, planned, requestId };
        return { schema, document, contextValue: subscribing } satisfies ExecutionArgs;
      },

      // The events are already formatted for the client (once, when joined): onNext passes them on.
      subscribe: (args) => subscribe(args.contextValue as Subscribing) as AsyncGenerator<never>,
      onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
      // An error ends the subscription (refused ones never reach onComplete).
      onError: (ctx, id, _payload, errors) => {
        const requestId = ctx.extra.connection?.requestIds.get(id) ?? randomUUID();
        ctx.extra.connection?.requestIds.delete(id);
        return errors.map((error) => formatError(error, requestId));
      },
      onComplete: (ctx, id) => {
        ctx.extra.connection?.requestIds.delete(id);
      },
      onClose: (ctx) => {
        const connection = ctx.extra.connection;
        if (!connection) return;
        clearTimeout(connection.expiry);
        connections.delete(connection);
        for (const subscriber of [...connection.subscribers]) void subscriber.return();
      },
    },
    wsServer,
  );

  return {
    /** Ends, with an error, the subscriptions of every connection that authenticated with this API key. */
    endForApiKey(prefix: string): void {
      for (const connection of connections) {
        if (connection.credential.apiKeyPrefix === prefix) {
          endSubscriptions(connection, unauthenticated('The API key of this connection was revoked'));
        }
      }
    },

    async dispose(): Promise<void> {
      await graphqlWs.dispose();
      await upstream.close();
    },
  };
}

export type SubscriptionServer = ReturnType<typeof createSubscriptionServer>;

/** Automatic persisted queries are an HTTP protocol: over WebSocket a hash only names manifest documents. */
const persistedQueryNotFound = () =>
  new GraphQLError('Over WebSocket, send the subscription in full or by the documentId of a trusted document', {
    extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
  });

const isErrors = (value: PlannedSubscription | readonly GraphQLError[]): value is readonly GraphQLError[] =>
  Array.isArray(value);
