import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../common/config.ts';
import { startTracing, type Tracing } from '../common/telemetry/tracing.ts';
import { connectTo, subscribe } from './support/subscription-client.ts';
import { startSubscriptionFixtures, type SubscriptionFixtures } from './support/subscription-fixtures.ts';
import { accessTokenFor, startFixtureGateway, type FixtureGateway } from './support/subscription-gateway.ts';

// The gateway and both subgraphs run in this process, as in the embedded mode: one provider for all.
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let fixtures: SubscriptionFixtures;
let gateway: FixtureGateway;
let bearer: string;
beforeAll(async () => {
  tracing = startTracing(loadConfig({ OTEL_TRACES_EXPORTER: 'none' }), 'go-coffee', { exporter });
  fixtures = await startSubscriptionFixtures();
  fixtures.stores.set('store-1', { id: 'store-1', name: 'Harbour Street' });
  await fixtures.publish({ id: 't1', status: 'BREWING', storeId: 'store-1' });
  gateway = await startFixtureGateway(fixtures);
  bearer = `Bearer ${await accessTokenFor(fixtures)}`;
});
afterAll(async () => {
  await gateway?.stop();
  await fixtures?.stop();
  await tracing?.shutdown();
});
beforeEach(() => exporter.reset());

const TICKET_WITH_STORE = 'query TicketBoard { ticket(id: "t1") { status store { name } } }';

const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer, ...headers },
    body: JSON.stringify({ query }),
  }).then((response) => response.json());

const serverSpan = (spans: ReadableSpan[], service: string) =>
  spans.find((span) => span.kind === SpanKind.SERVER && span.attributes['go_coffee.service'] === service);

/** The finished spans, once the server span of each of these services has ended. */
async function spansOnceServed(...services: string[]): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    await tracing.flush();
    const spans = exporter.getFinishedSpans();
    if (services.every((service) => serverSpan(spans, service))) return [...spans];
    if (Date.now() > deadline) throw new Error(`spans: ${spans.map((span) => span.name).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether `span` descends from `ancestor` through the parents recorded among `spans`. */
function descendsFrom(span: ReadableSpan, ancestor: ReadableSpan, spans: ReadableSpan[]): boolean {
  const byId = new Map(spans.map((candidate) => [candidate.spanContext().spanId, candidate]));
  for (let parentId = span.parentSpanContext?.spanId; parentId;) {
    if (parentId === ancestor.spanContext().spanId) return true;
    parentId = byId.get(parentId)?.parentSpanContext?.spanId;
  }
  return false;
}

describe('a trace through the gateway', () => {
  it("continues the client's traceparent in the gateway and in every subgraph the query reaches", async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    expect(await post(TICKET_WITH_STORE, { traceparent: `00-${traceId}-${clientSpanId}-01` })).toEqual({
      data: { ticket: { status: 'BREWING', store: { name: 'Harbour Street' } } },
    });
    const spans = await spansOnceServed('gateway', 'orders', 'tenant');

    const gatewaySpan = serverSpan(spans, 'gateway')!;
    expect(gatewaySpan.name).toBe('query TicketBoard');
    expect(gatewaySpan.attributes['graphql.operation.name']).toBe('TicketBoard');
    expect(gatewaySpan.spanContext().traceId).toBe(traceId);
    expect(gatewaySpan.parentSpanContext?.spanId).toBe(clientSpanId);

    for (const subgraph of ['orders', 'tenant']) {
      const handled = serverSpan(spans, subgraph)!;
      const fetched = spans.find((span) => span.name === `fetch ${subgraph}`)!;
      expect(handled.spanContext().traceId).toBe(traceId);
      // Named after the operation the planner sent it: TicketBoard__orders__0, TicketBoard__tenant__1.
      expect(handled.name).toMatch(new RegExp(`^query TicketBoard__${subgraph}__\\d+$`));
      // The subgraph's span is the child of the gateway's fetch span: the context came with the request.
      expect(handled.parentSpanContext?.spanId).toBe(fetched.spanContext().spanId);
      expect(fetched.kind).toBe(SpanKind.CLIENT);
      expect(fetched.attributes['graphql.subgraph.name']).toBe(subgraph);
      expect(descendsFrom(fetched, gatewaySpan, spans)).toBe(true);
    }
  });

  it('starts a trace of its own for a client that sends none, shared with the subgraphs it calls', async () => {
    await post(TICKET_WITH_STORE);
    const spans = await spansOnceServed('gateway', 'orders', 'tenant');
    const traceId = serverSpan(spans, 'gateway')!.spanContext().traceId;
    expect(serverSpan(spans, 'gateway')!.parentSpanContext).toBeUndefined();
    expect(serverSpan(spans, 'orders')!.spanContext().traceId).toBe(traceId);
    expect(serverSpan(spans, 'tenant')!.spanContext().traceId).toBe(traceId);
  });

  it('ignores a malformed traceparent and starts a fresh trace', async () => {
    await post(TICKET_WITH_STORE, { traceparent: 'not-a-trace-context' });
    const spans = await spansOnceServed('gateway', 'orders');
    expect(serverSpan(spans, 'gateway')!.parentSpanContext).toBeUndefined();
    expect(serverSpan(spans, 'orders')!.spanContext().traceId).toBe(
      serverSpan(spans, 'gateway')!.spanContext().traceId,
    );
  });
});

describe('a trace of a subscription event', () => {
  it("joins each event in a span of its own, linked to the upstream subscription, into the joining subgraph's trace", async () => {
    const client = connectTo(gateway.wsUrl, bearer);
    try {
      const stream = subscribe(
        client,
        'subscription Board { ticketUpdated(storeId: "store-1") { id store { name } } }',
      );
      await fixtures.upstream.until(1);
      await fixtures.publish({ id: 't2', status: 'NEW', storeId: 'store-1' });
      expect(await stream.next()).toEqual({ data: { ticketUpdated: { id: 't2', store: { name: 'Harbour Street' } } } });
      const spans = await spansOnceServed('tenant');
      const event = spans.find((span) => span.name === 'subscription event')!;
      expect(event.attributes).toMatchObject({ 'graphql.operation.name': 'Board', 'graphql.subgraph.name': 'orders' });
      expect(event.links).toHaveLength(1);
      expect(serverSpan(spans, 'tenant')!.spanContext().traceId).toBe(event.spanContext().traceId);
    } finally {
      await client.dispose();
    }
    await fixtures.upstream.until(0);
    await tracing.flush();
    const upstream = exporter.getFinishedSpans().find((span) => span.name === 'subscribe orders')!;
    expect(upstream.kind).toBe(SpanKind.CLIENT);
  });
});
