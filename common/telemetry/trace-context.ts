import { SpanKind, SpanStatusCode, context, propagation, trace, type Span } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

/** Spans of the platform's own code; `@apollo/gateway` adds its own (`gateway.request`, `gateway.fetch`, …). */
export const tracer = trace.getTracer('go-coffee');

/** Adds the active span's W3C trace context (`traceparent`) to an outgoing request's headers. */
export function injectTraceContext(headers: { set(name: string, value: string): void } | undefined): void {
  if (headers) propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

/**
 * Express middleware: a server span for each request, continuing the trace of the caller's
 * `traceparent` if it sent one, active while the rest of the request runs. `service` says which
 * service of the process served it (one process serves them all in the embedded mode).
 */
export function traceRequests(service: string): RequestHandler {
  return (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      `${req.method} ${req.baseUrl}${req.path}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'go_coffee.service': service,
          'http.request.method': req.method,
          'url.path': `${req.baseUrl}${req.path}`,
        },
      },
      parent,
    );
    const end = () => endRequestSpan(span, res.statusCode, res.writableFinished);
    res.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}

function endRequestSpan(span: Span, status: number, finished: boolean): void {
  span.setAttribute('http.response.status_code', status);
  if (status >= 500 || !finished) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: finished ? `HTTP ${status}` : 'connection closed early' });
  }
  span.end();
}
