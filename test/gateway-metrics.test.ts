import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_LABEL } from '../common/http/bounded-label.ts';
import { MAX_OPERATION_LABELS } from '../common/http/metrics.ts';
import { samplesOf, valueOf } from './support/metrics-text.ts';
import { connectTo, subscribe } from './support/subscription-client.ts';
import { startSubscriptionFixtures, type SubscriptionFixtures } from './support/subscription-fixtures.ts';
import { accessTokenFor, startFixtureGateway, type FixtureGateway } from './support/subscription-gateway.ts';

let fixtures: SubscriptionFixtures;
let gateway: FixtureGateway;
let bearer: string;
beforeAll(async () => {
  fixtures = await startSubscriptionFixtures();
  fixtures.stores.set('store-1', { id: 'store-1', name: 'Harbour Street' });
  await fixtures.publish({ id: 't1', status: 'BREWING', storeId: 'store-1' });
  gateway = await startFixtureGateway(fixtures);
  bearer = `Bearer ${await accessTokenFor(fixtures)}`;
});
afterAll(async () => {
  await gateway?.stop();
  await fixtures?.stop();
});

const post = (query: string) =>
  fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer },
    body: JSON.stringify({ query }),
  }).then((response) => response.json() as Promise<{ data?: unknown; errors?: unknown[] }>);
const metrics = () => fetch(new URL('/metrics', gateway.url)).then((response) => response.text());

const TICKET_WITH_STORE = 'query TicketBoard { ticket(id: "t1") { status store { name } } }';

describe('the gateway /metrics after a federated query', () => {
  it('counts and times the request by operation name and outcome', async () => {
    expect(await post(TICKET_WITH_STORE)).toEqual({
      data: { ticket: { status: 'BREWING', store: { name: 'Harbour Street' } } },
    });
    const text = await metrics();
    const labels = { operation: 'TicketBoard', outcome: 'success', service: 'gateway' };
    expect(valueOf(text, 'graphql_operations_total', labels)).toBe(1);
    expect(valueOf(text, 'graphql_request_duration_seconds_count', labels)).toBe(1);
    expect(valueOf(text, 'graphql_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
    expect(valueOf(text, 'graphql_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(1);
  });

  it('times each subgraph fetch by subgraph: the owner of the ticket and the one joining its store', async () => {
    const before = await metrics();
    await post(TICKET_WITH_STORE);
    const after = await metrics();
    for (const subgraph of ['orders', 'tenant']) {
      const labels = { subgraph, outcome: 'success' };
      const count = (text: string) => valueOf(text, 'gateway_subgraph_fetch_duration_seconds_count', labels);
      expect(count(after) - count(before)).toBe(1);
    }
  });

  it('counts a fetch from a subgraph that is down as an error of that subgraph', async () => {
    await fixtures.tenant.stop();
    try {
      const result = await post(TICKET_WITH_STORE);
      expect(result.errors).toBeDefined();
    } finally {
      await fixtures.tenant.start();
    }
    const text = await metrics();
    expect(valueOf(text, 'gateway_subgraph_fetch_errors_total', { subgraph: 'tenant', kind: 'failure' })).toBe(1);
    expect(valueOf(text, 'gateway_subgraph_fetch_errors_total', { subgraph: 'orders' })).toBe(0);
    expect(valueOf(text, 'graphql_operations_total', { operation: 'TicketBoard', outcome: 'error' })).toBe(1);
  });

  it('counts subgraph answers that carry GraphQL errors apart from failed fetches', async () => {
    await post('query Recipe { store(id: "store-1") { secretRecipe } }');
    const text = await metrics();
    expect(valueOf(text, 'gateway_subgraph_fetch_errors_total', { subgraph: 'tenant', kind: 'graphql_error' })).toBe(1);
    expect(valueOf(text, 'graphql_operations_total', { operation: 'Recipe', outcome: 'client_error' })).toBe(1);
  });
});

describe('the gateway /metrics while clients subscribe', () => {
  let client: Client | undefined;
  afterAll(async () => {
    await client?.dispose();
  });

  it('shows the open WebSocket connections and the active subscriptions, and drops them when the client leaves', async () => {
    client = connectTo(gateway.wsUrl, bearer);
    const stream = subscribe(client, 'subscription { ticketUpdated(storeId: "store-1") { id store { name } } }');
    await fixtures.upstream.until(1);
    await fixtures.publish({ id: 't2', status: 'NEW', storeId: 'store-1' });
    await stream.next();
    let text = await metrics();
    expect(valueOf(text, 'graphql_ws_connections')).toBe(1);
    expect(valueOf(text, 'graphql_subscriptions_active')).toBe(1);
    // The event's join is a subgraph fetch like any other.
    expect(valueOf(text, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'tenant' })).toBeGreaterThan(0);

    await client.dispose();
    await fixtures.upstream.until(0);
    text = await metrics();
    expect(valueOf(text, 'graphql_ws_connections')).toBe(0);
    expect(valueOf(text, 'graphql_subscriptions_active')).toBe(0);
  });
});

describe('operation names clients choose', () => {
  it(`label at most ${MAX_OPERATION_LABELS} series, counting the names past that as ${OTHER_LABEL}`, async () => {
    for (let index = 0; index < MAX_OPERATION_LABELS + 20; index += 1) await post(`query Probe${index} { __typename }`);
    const text = await metrics();
    const operations = new Set(samplesOf(text, 'graphql_operations_total').map((sample) => sample.labels.operation));
    expect(operations.size).toBeLessThanOrEqual(MAX_OPERATION_LABELS + 1);
    expect(operations).toContain(OTHER_LABEL);
    expect(valueOf(text, 'graphql_operations_total', { operation: OTHER_LABEL })).toBeGreaterThanOrEqual(20);
  });
});
