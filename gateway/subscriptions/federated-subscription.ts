import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { FormattedExecutionResult, GraphQLError } from 'graphql';
import type { ExecutionResult } from 'graphql-ws';
import type { Logger } from 'pino';
import { serviceUnavailable } from '../../common/graphql/errors.ts';
import { tracer } from '../../common/telemetry/trace-context.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { PlannedSubscription, SubscriptionPlanner } from './subscription-planner.ts';
import { toGraphQLError, type SubscriptionErrorFormatter } from './subscription-errors.ts';
import type { UpstreamConnections, UpstreamFailure } from './upstream-connections.ts';

/**
 * Stands in for the primary fetch when the rest of the plan runs, answering with the event. Not a
 * subgraph's name: when the rest fetches from the primary's own subgraph, that must be a real call.
 */
const EVENT_SERVICE = '(subscription event)';

export interface SubscriptionListener {
  /** One event with every field joined; the promises resolve in the order events came, never reject. */
  event(result: Promise<FormattedExecutionResult>): void;
  /** The subscription is over: completed upstream, or failed with this error. */
  end(error?: GraphQLError): void;
}

export interface FederatedSubscriptionOptions {
  planner: SubscriptionPlanner;
  planned: PlannedSubscription;
  /** Whom the subgraphs serve: the identity the gateway signs for, and the request id of the logs. */
  context: GatewayContext;
  /** The gateway's data sources, the same the HTTP path uses for its fetches. */
  services: () => ServiceMap;
  upstream: UpstreamConnections;
  formatError: SubscriptionErrorFormatter;
  logger: Logger;
}

/**
 * Runs one planned subscription: opens the primary fetch as a subscription on the subgraph that
 * owns the field and, for every event, executes the rest of the plan as a query would, so fields
 * of other subgraphs are joined into each event. Returns the function that ends it at once.
 */
export function openFederatedSubscription(options: FederatedSubscriptionOptions, listener: SubscriptionListener) {
  const { planner, planned, context, services, upstream, formatError, logger } = options;
  const { primary, rest, operationContext, variables } = planned;
  const eventFetch: FetchNode = { ...primary, serviceName: EVENT_SERVICE };
  const queryPlan: QueryPlan = {
    kind: 'QueryPlan',
    node: rest ? { kind: 'Sequence', nodes: [eventFetch, rest] } : eventFetch,
  };
  const format = (error: unknown) => formatError(error, context.requestId);
  const attributes = {
    'graphql.operation.type': 'subscription',
    'graphql.subgraph.name': primary.serviceName,
    ...(operationContext.operation.name ? { 'graphql.operation.name': operationContext.operation.name.value } : {}),
  };
  // Lives as long as the upstream subscription; each event's join is a trace of its own, linked to it.
  const upstreamSpan = tracer.startSpan(`subscribe ${primary.serviceName}`, {
    kind: SpanKind.CLIENT,
    attributes,
    root: true,
  });
  const endUpstreamSpan = (failure?: UpstreamFailure) => {
    if (!upstreamSpan.isRecording()) return;
    if (failure) upstreamSpan.setStatus({ code: SpanStatusCode.ERROR, message: failure.kind });
    upstreamSpan.end();
  };
  const traced = (event: ExecutionResult) =>
    tracer.startActiveSpan(
      'subscription event',
      { root: true, links: [{ context: upstreamSpan.spanContext() }], attributes },
      (span) => join(event).finally(() => span.end()),
    );

  async function join(event: ExecutionResult): Promise<FormattedExecutionResult> {
    const eventSource: GraphQLDataSource = {
      process: async () => ({ data: event.data ?? null, ...(event.errors ? { errors: event.errors } : {}) }),
    };
    // executeQueryPlan reads these of the request context and writes into `metrics`: fresh per event.
    const requestContext = {
      request: { query: primary.operation, operationName: primary.operationName, variables },
      context,
      logger,
      metrics: {},
    } as unknown as Parameters<typeof executeQueryPlan>[2];
    try {
      const result = await executeQueryPlan(
        queryPlan,
        { ...services(), [EVENT_SERVICE]: eventSource },
        requestContext,
        operationContext,
        planner.supergraphSchema,
        planner.apiSchema,
      );
      return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors.map(format) } : {}) };
    } catch (error) {
      return { data: null, errors: [format(error)] };
    }
  }

  const unsubscribe = upstream.subscribe(
    primary.serviceName,
    context.identity,
    {
      query: primary.operation,
      operationName: primary.operationName,
      variables: Object.fromEntries(
        (primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]),
      ),
    },
    {
      next: (event) => listener.event(traced(event)),
      error: (failure) => {
        endUpstreamSpan(failure);
        listener.end(endingError(failure));
      },
      complete: () => {
        endUpstreamSpan();
        listener.end();
      },
    },
  );
  return () => {
    unsubscribe();
    endUpstreamSpan();
  };
}

function endingError(failure: UpstreamFailure): GraphQLError {
  if (failure.kind === 'refused' && failure.errors[0]) return toGraphQLError(failure.errors[0]);
  return serviceUnavailable('The service behind this subscription went away: subscribe again');
}
