import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Config } from '../config.ts';

export type TracingConfig = Pick<Config, 'OTEL_TRACES_EXPORTER' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME'>;

export interface TracingOptions {
  /** Where spans go instead of the configured exporter, one by one as they end (tests). */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** Sends every ended span that is still buffered. */
  flush(): Promise<void>;
  /** Flushes, then stops tracing in this process. */
  shutdown(): Promise<void>;
}

const NOT_TRACING: Tracing = { flush: async () => {}, shutdown: async () => {} };

let started: Tracing | undefined;

/**
 * Sets up the process's one tracer provider, with the exporter the configuration names, W3C trace
 * context propagation and async context tracking. Every service of the process (all of them in the
 * embedded mode) traces through it; a second call returns the first one's provider. With the
 * exporter `none`, nothing is set up and every span is a no-op.
 */
export function startTracing(config: TracingConfig, serviceName: string, options: TracingOptions = {}): Tracing {
  if (started) return started;
  const processor = spanProcessor(config, options);
  if (!processor) return (started = NOT_TRACING);

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: [processor],
  });
  // Trace context only: baggage is whatever a client wants it to be, and nothing here reads it.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const tracing: Tracing = {
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      started = undefined;
    },
  };
  return (started = tracing);
}

function spanProcessor(config: TracingConfig, { exporter }: TracingOptions): SpanProcessor | undefined {
  if (exporter) return new SimpleSpanProcessor(exporter);
  switch (config.OTEL_TRACES_EXPORTER) {
    case 'none':
      return undefined;
    case 'console':
      return new SimpleSpanProcessor(new ConsoleSpanExporter());
    case 'otlp':
      return new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(config.OTEL_EXPORTER_OTLP_ENDPOINT) }));
  }
}

/** The OTLP/HTTP traces path under the collector's base URL, as the OpenTelemetry specification puts it. */
export function otlpTracesUrl(endpoint: string): string {
  return new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).toString();
}
