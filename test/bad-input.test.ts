import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphName } from '../common/config.ts';
import {
  operationLimitsOf,
  subgraphOperationLimits,
  type OperationLimits,
} from '../common/graphql/operation-limits.ts';
import { REQUEST_ID_HEADER } from '../common/http/request-id.ts';
import { ANONYMOUS } from '../common/identity/identity.ts';
import { callSubgraphAs, internalTokenHeader, subgraphSocketAs } from './support/platform-access.ts';
import { connectTo, openRawSocket, subscribe } from './support/subscription-client.ts';
import { startTestPlatform, type TestPlatform } from './support/test-platform.ts';

// Production, as clients meet it: limits not exposed, no introspection, no suggestions.
let platform: TestPlatform;
const signingKey = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
beforeAll(async () => {
  platform = await startTestPlatform({
    NODE_ENV: 'production',
    AUTH_SIGNING_KEY: signingKey(),
    INTERNAL_SIGNING_KEY: signingKey(),
    EVENTS_SIGNING_KEY: signingKey(),
  });
});
afterAll(() => platform?.stop());

const range = (count: number) => Array.from({ length: count }, (_, index) => index);
const STORE_ID = randomUUID();

/** `{ a { b { c { __typename } } } }` for the path a, b, c: as deep as the path is long. */
const nested = (path: string[]) => path.reduceRight((inner, field) => `${field} { ${inner} }`, '__typename');
/** A path that returns to where it started, so it can be followed as deep as a test needs. */
const cycle = (start: string, loop: string[], length: number) => [
  start,
  ...range(length - 1).map((step) => loop[step % loop.length]!),
];
const USER_ORDERS_LOOP = ['orders', 'edges', 'node', 'customer'];

interface Target {
  name: string;
  url(): string;
  headers(): Promise<Record<string, string>>;
  limits(): OperationLimits;
  /** A cheap valid selection of an object field. */
  probe: string;
  /** An operation `depth` levels deep. */
  deep(depth: number): string;
  /** A connection field taking `first`, and the scalar its nodes have. */
  connection: string;
}

const gatewayLimits = () => operationLimitsOf(platform.config);
const subgraphTarget = (name: SubgraphName, deep: Target['deep'], connection: string): Target => ({
  name: `the ${name} subgraph`,
  url: () => platform.subgraphs.find((subgraph) => subgraph.name === name)!.url,
  headers: () => internalTokenHeader(platform, name, ANONYMOUS),
  limits: () => subgraphOperationLimits(gatewayLimits()),
  probe: '_service { sdl }',
  deep,
  connection,
});

const GATEWAY: Target = {
  name: 'the gateway',
  url: () => platform.gatewayUrl,
  headers: async () => ({}),
  limits: gatewayLimits,
  probe: 'me { id }',
  deep: (depth) => `{ ${nested(cycle('me', USER_ORDERS_LOOP, depth))} }`,
  connection: 'stores',
};
// Analytics defines no entity and no connection: made-up fields make it deep and costly.
const ANALYTICS = subgraphTarget('analytics', (depth) => `{ ${nested(range(depth).map((i) => `f${i}`))} }`, 'sales');
const TARGETS: Target[] = [
  GATEWAY,
  subgraphTarget(
    'orders',
    (depth) =>
      `{ _entities(representations: []) { ... on User { ${nested(cycle('orders', ['edges', 'node', 'customer', 'orders'], depth - 1))} } } }`,
    'stores',
  ),
  // The tenant subgraph's types nest no deeper than a few levels: made-up fields make it deep.
  subgraphTarget(
    'tenant',
    (depth) => `{ _entities(representations: []) { ... on User { ${nested(range(depth - 1).map((i) => `f${i}`))} } } }`,
    'apiKeys',
  ),
  subgraphTarget(
    'payments',
    (depth) =>
      `{ _entities(representations: []) { ... on Order { ${nested(range(depth - 1).map((i) => `f${i}`))} } } }`,
    'invoices',
  ),
  ANALYTICS,
];

/** What a bad input is, in each target's terms, and how it must be refused. */
interface HttpCase {
  name: string;
  request(target: Target): { body: string; headers?: Record<string, string>; method?: string } | undefined;
  status: number;
  code: string;
  message?: RegExp;
}

const json = (body: unknown) => JSON.stringify(body);
const query = (text: string, variables?: Record<string, unknown>) => ({ body: json({ query: text, variables }) });

/** A body of exactly `bytes` bytes: one operation padded with a variable nobody reads. */
function bodyOfSize(bytes: number): string {
  const empty = json({ query: '{ __typename }', variables: { padding: '' } });
  return json({ query: '{ __typename }', variables: { padding: 'x'.repeat(bytes - empty.length) } });
}

/** `first: 100` of a connection whose nodes ask for `id` often enough to cost more than `maxCost`. */
function costlyPage(connection: string, maxCost: number): string {
  // armor's cost of `c(first: 100) { edges { node { id × k } } }` is 100 × (9.5 + 3.375 k).
  const ids = Math.ceil((maxCost / 100 - 9.5) / 3.375) + 1;
  return `{ ${connection}(first: 100) { edges { node { ${'id '.repeat(ids)}} } } }`;
}

const HTTP_CASES: HttpCase[] = [
  {
    name: 'an operation one level deeper than the limit',
    request: (target) => query(target.deep(target.limits().maxDepth + 1)),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /nested too deeply/,
  },
  {
    name: 'one alias more than the limit',
    request: (target) =>
      query(
        `{ ${range(target.limits().maxAliases + 1)
          .map((i) => `a${i}: ${target.probe}`)
          .join(' ')} }`,
      ),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /too many aliases/,
  },
  {
    name: 'one directive more than the limit',
    request: (target) =>
      query(
        `{ ${range(target.limits().maxDirectives + 1)
          .map((i) => `d${i}: __typename @include(if: true)`)
          .join(' ')} }`,
      ),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /too many directives/,
  },
  {
    name: 'one token more than the limit',
    // `{`, the fields, `}`.
    request: (target) => query(`{ ${'__typename '.repeat(target.limits().maxTokens - 1)}}`),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'an operation that costs more than the limit',
    request: (target) => query(costlyPage(target.connection, target.limits().maxCost)),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /too expensive/,
  },
  {
    name: 'a body one byte over the limit',
    request: () => ({ body: bodyOfSize(platform.config.REQUEST_BODY_LIMIT + 1) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a 1 MB string',
    request: () => query('query($s: String) { __typename }', { s: 'x'.repeat(1024 * 1024) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a JSON array batch',
    request: () => ({ body: json([{ query: '{ __typename }' }, { query: '{ __typename }' }]) }),
    status: 400,
    code: 'BAD_REQUEST',
    message: /not accepted/,
  },
  {
    name: 'a CSRF-style simple request (text/plain)',
    request: () => ({ body: json({ query: '{ __typename }' }), headers: { 'content-type': 'text/plain' } }),
    status: 400,
    code: 'BAD_REQUEST',
    message: /Cross-Site Request Forgery/,
  },
  {
    name: 'a CSRF-style simple request (a form post)',
    request: () => ({
      body: 'query=%7B__typename%7D',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    status: 400,
    code: 'BAD_REQUEST',
    message: /Cross-Site Request Forgery/,
  },
  {
    name: 'introspection in production',
    request: () => query('{ __schema { types { name } } }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /introspection/i,
  },
  {
    name: 'malformed JSON',
    request: () => ({ body: '{"query": "{ __typename }"' }),
    status: 400,
    code: 'BAD_REQUEST',
    message: /not valid JSON/,
  },
  {
    name: 'a variable of the wrong type',
    request: () => query('query($show: Boolean!) { __typename @include(if: $show) }', { show: 'yes' }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: '10,000 entity representations',
    // Only a subgraph that defines entities has `_entities`; the gateway never exposes it.
    request: (target) =>
      target === GATEWAY || target === ANALYTICS
        ? undefined
        : query('query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', {
            r: range(10_000).map(() => ({ __typename: 'User', id: randomUUID() })),
          }),
    // Refused as the field is resolved: the answer says so, with no entity looked up.
    status: 200,
    code: 'BAD_USER_INPUT',
    message: /At most 1000 entity representations/,
  },
];

async function send(target: Target, request: NonNullable<ReturnType<HttpCase['request']>>) {
  const response = await fetch(target.url(), {
    method: request.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...(await target.headers()), ...request.headers },
    body: request.body,
  });
  const text = await response.text();
  return { status: response.status, requestId: response.headers.get(REQUEST_ID_HEADER), text };
}

async function answers(target: Target): Promise<boolean> {
  const { status, text } = await send(target, query('{ __typename }'));
  return status === 200 && JSON.parse(text).data?.__typename === 'Query';
}

afterEach(async () => {
  // Whatever was sent, every process still answers.
  for (const target of TARGETS) expect(await answers(target), target.name).toBe(true);
});

describe.each(TARGETS.map((target) => [target.name, target] as const))('over HTTP, %s', (_name, target) => {
  it.each(HTTP_CASES.map((badInput) => [badInput.name, badInput] as const))(
    'refuses %s with a code, a request id and no stack trace',
    async (_case, badInput) => {
      const request = badInput.request(target);
      if (!request) return;
      const { status, requestId, text } = await send(target, request);
      expect(status).toBe(badInput.status);
      expect(requestId).toMatch(/^[\w.:-]{8,}$/);
      expect(text).not.toMatch(/stacktrace|\n\s+at |<html|<!DOCTYPE/i);
      const body = JSON.parse(text) as { errors: { message: string; extensions: { code: string } }[] };
      const refusal = body.errors.find((error) => error.extensions.code === badInput.code);
      expect(refusal, text.slice(0, 500)).toBeDefined();
      if (badInput.message) expect(refusal!.message).toMatch(badInput.message);
    },
  );

  it('admits an operation at every limit', async () => {
    const limits = target.limits();
    // Distinct response names: graphql-js gives up comparing hundreds of equal ones.
    const aliasedFields = Math.floor((limits.maxTokens - 2) / 3);
    const atLimits = [
      target.deep(limits.maxDepth),
      `{ ${range(limits.maxAliases)
        .map((i) => `a${i}: ${target.probe}`)
        .join(' ')} }`,
      `{ ${range(limits.maxDirectives)
        .map((i) => `d${i}: __typename @include(if: true)`)
        .join(' ')} }`,
      `{ ${range(aliasedFields)
        .map((i) => `t${i}: __typename`)
        .join(' ')} ${'__typename '.repeat((limits.maxTokens - 2) % 3)}}`,
    ];
    for (const operation of atLimits) {
      const { text } = await send(target, query(operation));
      const messages = (JSON.parse(text).errors ?? []).map((error: { message: string }) => error.message);
      // Refused later, perhaps (made-up fields, an anonymous caller), but not for its size.
      expect(messages, operation.slice(0, 80)).not.toContainEqual(
        expect.stringMatching(/too deeply|too many|too expensive|tokens/),
      );
    }
    expect((await send(target, { body: bodyOfSize(platform.config.REQUEST_BODY_LIMIT) })).status).toBe(200);
  });

  it('suggests no field names in production', async () => {
    const { status, text } = await send(target, query('{ __typenam }'));
    expect(status).toBe(400);
    expect(text).toContain('Cannot query field');
    expect(text).not.toContain('Did you mean');
  });
});

describe('the subgraphs', () => {
  it('resolve as many entity representations as the limit allows', async () => {
    const representations = range(platform.config.MAX_ENTITY_REPRESENTATIONS).map(() => ({
      __typename: 'Tenant',
      id: randomUUID(),
    }));
    const result = await callSubgraphAs(
      platform,
      'tenant',
      ANONYMOUS,
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      { r: representations },
    );
    expect(result.errors ?? []).not.toContainEqual(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
    expect(result.data._entities).toHaveLength(representations.length);
  });
});

interface SocketCase {
  name: string;
  subscription(limits: OperationLimits): { query: string; variables?: Record<string, unknown> };
  code: string;
  message?: RegExp;
}

const storeOrders = (selection: string) => `subscription { storeOrders(storeId: "${STORE_ID}") { ${selection} } }`;

const SOCKET_CASES: SocketCase[] = [
  {
    name: 'a subscription one level deeper than the limit',
    subscription: ({ maxDepth }) => ({
      query: `subscription { ${nested(cycle(`storeOrders(storeId: "${STORE_ID}")`, ['customer', ...USER_ORDERS_LOOP.slice(0, 3)], maxDepth + 1))} }`,
    }),
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /nested too deeply/,
  },
  {
    name: 'one alias more than the limit',
    subscription: ({ maxAliases }) => ({
      query: storeOrders(
        range(maxAliases + 1)
          .map((i) => `a${i}: id`)
          .join(' '),
      ),
    }),
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /too many aliases/,
  },
  {
    name: 'one directive more than the limit',
    subscription: ({ maxDirectives }) => ({
      query: storeOrders(
        range(maxDirectives + 1)
          .map((i) => `d${i}: __typename @include(if: true)`)
          .join(' '),
      ),
    }),
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /too many directives/,
  },
  {
    name: 'too many tokens',
    subscription: ({ maxTokens }) => ({ query: storeOrders('__typename '.repeat(maxTokens)) }),
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'an operation that costs more than the limit',
    subscription: ({ maxCost }) => ({
      query: storeOrders(`customer ${costlyPage('orders', maxCost).slice(1, -1)}`),
    }),
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /too expensive/,
  },
  {
    name: 'introspection in production',
    subscription: () => ({ query: '{ __schema { types { name } } }' }),
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /introspection/i,
  },
  {
    name: 'a variable of the wrong type',
    subscription: () => ({
      query: 'subscription($store: ID!) { storeOrders(storeId: $store) { id } }',
      variables: { store: { not: 'an id' } },
    }),
    code: 'BAD_USER_INPUT',
  },
];

describe("over the gateway's WebSocket", () => {
  it.each(SOCKET_CASES.map((badInput) => [badInput.name, badInput] as const))(
    'refuses %s with a GraphQL error with a code, and the connection stays open',
    async (_name, badInput) => {
      const client = connectTo(platform.gatewayUrl.replace(/^http/, 'ws'));
      try {
        const { query: text, variables } = badInput.subscription(gatewayLimits());
        const { error } = await subscribe(client, text, variables).ended;
        const errors = error as { message: string; extensions: { code: string } }[];
        expect(JSON.stringify(errors)).not.toMatch(/stacktrace/);
        const refusal = errors.find((candidate) => candidate.extensions.code === badInput.code);
        expect(refusal, JSON.stringify(errors).slice(0, 500)).toBeDefined();
        if (badInput.message) expect(refusal!.message).toMatch(badInput.message);
        // The same connection still answers, rather than closing.
        const { error: next } = await subscribe(client, storeOrders('noSuchField')).ended;
        expect((next as { extensions: { code: string } }[])[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      } finally {
        await client.dispose();
      }
    },
  );

  it('closes the connection with 4400 on a message that is not JSON', async () => {
    const socket = await openRawSocket(platform.gatewayUrl.replace(/^http/, 'ws'));
    socket.send({ type: 'connection_init', payload: {} });
    expect((await socket.message()).type).toBe('connection_ack');
    socket.socket.send('{"id": "1", "type": "subscribe", "payload": ');
    expect((await socket.closed).code).toBe(4400);
  });

  it.each([
    ['a message one byte over the limit', () => platform.config.REQUEST_BODY_LIMIT + 1],
    ['a 1 MB string', () => 1024 * 1024 + 200],
  ])('closes the connection with 1009 on %s', async (_name, size) => {
    const socket = await openRawSocket(platform.gatewayUrl.replace(/^http/, 'ws'));
    socket.send({ type: 'connection_init', payload: {} });
    expect((await socket.message()).type).toBe('connection_ack');
    const message = { id: '1', type: 'subscribe', payload: { query: storeOrders('id'), variables: { s: '' } } };
    const padding = size() - JSON.stringify(message).length;
    socket.send({ ...message, payload: { ...message.payload, variables: { s: 'x'.repeat(padding) } } });
    expect((await socket.closed).code).toBe(1009);
  });
});

describe("over a subgraph's WebSocket", () => {
  const ordersCases = [
    ['an operation one level deeper than the limit', () => TARGETS[1]!.deep(TARGETS[1]!.limits().maxDepth + 1)],
    ['introspection in production', () => '{ __schema { types { name } } }'],
    ['a syntax error', () => '{ __typename'],
    ['too many tokens', () => `{ ${'__typename '.repeat(TARGETS[1]!.limits().maxTokens)}}`],
  ] as const;

  it.each(ordersCases)('refuses %s with a GraphQL error and keeps the connection', async (_name, operation) => {
    const client = subgraphSocketAs(platform, 'orders', ANONYMOUS);
    try {
      const { error } = await subscribe(client, operation()).ended;
      const errors = error as { extensions?: { code?: string } }[];
      expect(Array.isArray(errors), String(error)).toBe(true);
      expect(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']).toContain(errors[0]!.extensions?.code);
      const next = await new Promise<unknown>((resolve, reject) =>
        client.subscribe({ query: '{ __typename }' }, { next: resolve, error: reject, complete: () => {} }),
      );
      expect(next).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await client.dispose();
    }
  });
});
