import type { GraphQLDataSource } from '@apollo/gateway';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { Counter, Histogram } from 'prom-client';
import { LATENCY_BUCKETS, type ServiceMetrics } from '../common/http/metrics.ts';
import { tracer } from '../common/telemetry/trace-context.ts';

type FetchOutcome = 'success' | 'graphql_error' | 'failure';

/**
 * Wraps the gateway's data sources so every subgraph fetch (queries, joins of subscription events,
 * health checks) is timed and counted by subgraph, and runs in a client span whose trace context
 * the data source passes on to the subgraph.
 */
export function createFetchInstrumentation(metrics: ServiceMetrics) {
  const duration = new Histogram({
    name: 'gateway_subgraph_fetch_duration_seconds',
    help: 'Subgraph fetch duration by subgraph and outcome (success, graphql_error, failure)',
    labelNames: ['subgraph', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [metrics.registry],
  });
  const errors = new Counter({
    name: 'gateway_subgraph_fetch_errors_total',
    help: 'Subgraph fetches that failed (no answer, or an HTTP error) or answered with GraphQL errors, by subgraph',
    labelNames: ['subgraph', 'kind'],
    registers: [metrics.registry],
  });

  return function instrument(subgraph: string, dataSource: GraphQLDataSource): GraphQLDataSource {
    return {
      process: (options) =>
        tracer.startActiveSpan(
          `fetch ${subgraph}`,
          { kind: SpanKind.CLIENT, attributes: { 'graphql.subgraph.name': subgraph } },
          async (span) => {
            const stopTimer = duration.startTimer({ subgraph });
            let outcome: FetchOutcome = 'failure';
            try {
              const response = await dataSource.process(options);
              outcome = response.errors?.length ? 'graphql_error' : 'success';
              return response;
            } catch (error) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: 'subgraph fetch failed' });
              throw error;
            } finally {
              stopTimer({ outcome });
              if (outcome !== 'success') errors.inc({ subgraph, kind: outcome });
              span.setAttribute('graphql.subgraph.outcome', outcome);
              span.end();
            }
          },
        ),
    };
  };
}
