import { graphql, parse, subscribe, type ExecutionResult } from 'graphql';
import { PubSub } from 'graphql-subscriptions';
import { gql } from 'graphql-tag';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Identity } from '../identity/identity.ts';
import { allow, hasRole, isAuthenticated } from './rules.ts';
import type { SubgraphContext } from './subgraph-context.ts';
import { buildSubgraphGraphQLSchema } from './subgraph-server.ts';

const typeDefs = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query {
    open: String
    forgotten: String
    staffOnly: String
    broken: String
    widget(id: ID!): Widget
  }
  type Widget @key(fields: "id") {
    id: ID!
    secret: String
  }
  type Subscription {
    ticks: String
  }
`;

const ticks = new PubSub();

const schema = buildSubgraphGraphQLSchema({
  name: 'orders',
  typeDefs,
  resolvers: {
    Query: {
      open: () => 'open',
      forgotten: () => 'should never be seen',
      staffOnly: () => 'staff',
      broken: () => {
        throw new Error('database on fire');
      },
      widget: (_: unknown, { id }: { id: string }) => ({ id, secret: 'sauce' }),
    },
    Widget: { __resolveReference: ({ id }: { id: string }) => ({ id, secret: 'sauce' }) },
    Subscription: {
      ticks: {
        subscribe: () => ticks.asyncIterableIterator<number>('tick'),
        resolve: (tick: number) => {
          if (tick < 0) throw new Error('a tick from before time');
          return `tick ${tick}`;
        },
      },
    },
  },
  permissions: {
    Query: { open: allow, staffOnly: hasRole('MANAGER'), broken: allow, widget: allow },
    Widget: isAuthenticated,
    Subscription: { ticks: hasRole('MANAGER') },
  },
});

const barista: Identity = { kind: 'user', userId: 'u1', tenantId: 't1', roles: ['BARISTA'], scopes: [], tier: 'FREE' };
const manager: Identity = { ...barista, roles: ['MANAGER'] };
const contextOf = (identity: Identity) =>
  ({
    identity,
    requestId: 'r1',
    logger: pino({ level: 'silent' }),
    transaction: async () => {},
  }) as unknown as SubgraphContext;
const run = (source: string, identity: Identity = ANONYMOUS) =>
  graphql({ schema, source, contextValue: contextOf(identity) });
const subscribeAs = (identity: Identity) =>
  subscribe({ schema, document: parse('subscription { ticks }'), contextValue: contextOf(identity) });
const codes = (result: Awaited<ReturnType<typeof run>>) => result.errors?.map((error) => error.extensions.code);

describe('a subgraph schema behind graphql-shield', () => {
  it('serves a field its rules allow', async () => {
    expect((await run('{ open }')).data).toEqual({ open: 'open' });
  });

  it('denies with FORBIDDEN a field the rules forgot to name', async () => {
    const result = await run('{ forgotten }', barista);
    expect(result.data).toEqual({ forgotten: null });
    expect(codes(result)).toEqual(['FORBIDDEN']);
  });

  it('tells an anonymous caller to authenticate and a caller without the role that it is forbidden', async () => {
    expect(codes(await run('{ staffOnly }'))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await run('{ staffOnly }', barista))).toEqual(['FORBIDDEN']);
  });

  it('keeps a real fault visible as a fault, not disguised as a denial', async () => {
    const result = await run('{ broken }', barista);
    expect(result.errors?.[0]?.message).toBe('database on fire');
    expect(result.errors?.[0]?.extensions.code).not.toBe('FORBIDDEN');
  });

  it('applies type-level rules to entities fetched through _entities', async () => {
    const query = '{ _entities(representations: [{ __typename: "Widget", id: "w1" }]) { ... on Widget { secret } } }';
    expect(codes(await run(query))).toContain('UNAUTHENTICATED');
    expect((await run(query, barista)).data).toEqual({ _entities: [{ secret: 'sauce' }] });
  });

  it('refuses a subscription its rule denies before the caller is subscribed', async () => {
    const refused = (await subscribeAs(barista)) as ExecutionResult;
    expect(Symbol.asyncIterator in refused).toBe(false);
    expect(refused.errors?.map((error) => error.extensions.code)).toEqual(['FORBIDDEN']);
  });

  it('resolves each event of an allowed subscription, a failing one as its own error', async () => {
    const events = (await subscribeAs(manager)) as AsyncIterableIterator<ExecutionResult>;
    const first = events.next();
    for (const tick of [1, -1, 3]) await ticks.publish('tick', tick);
    expect((await first).value).toEqual({ data: { ticks: 'tick 1' } });
    expect((await events.next()).value.errors?.[0]?.message).toBe('a tick from before time');
    expect((await events.next()).value).toEqual({ data: { ticks: 'tick 3' } });
    await events.return!();
  });

  it('ends a subscription at once when the subscriber leaves while waiting for an event', async () => {
    const events = (await subscribeAs(manager)) as AsyncIterableIterator<ExecutionResult>;
    const first = events.next();
    await ticks.publish('tick', 1);
    await first;
    const waiting = events.next();
    await events.return!();
    expect(await waiting).toEqual({ done: true, value: undefined });
  });
});
