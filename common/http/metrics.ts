import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createBoundedLabel } from './bounded-label.ts';

/** Distinct operation names each service labels its series with; later ones count as `(other)`. */
export const MAX_OPERATION_LABELS = 200;

/** Seconds: from a cached plan with no fetch to a slow join across several subgraphs. */
export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ServiceMetrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  graphqlOperations: Counter<'operation' | 'outcome'>;
  graphqlRequestDuration: Histogram<'operation' | 'outcome'>;
  /** The label for a client-chosen operation name: bounded in number and length. */
  operationLabel(operationName: string | null | undefined): string;
}

/** One registry per service, so each port's /metrics describes that service alone. */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  const operationLabel = createBoundedLabel(MAX_OPERATION_LABELS);
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    graphqlOperations: new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    graphqlRequestDuration: new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL request duration by operation name and outcome, from receipt to response',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    operationLabel: (name) => (name ? operationLabel(name) : 'anonymous'),
  };
}
