import { graphql } from 'graphql';
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
`;

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
  },
  permissions: {
    Query: { open: allow, staffOnly: hasRole('MANAGER'), broken: allow, widget: allow },
    Widget: isAuthenticated,
  },
});

const barista: Identity = { kind: 'user', userId: 'u1', tenantId: 't1', roles: ['BARISTA'], scopes: [], tier: 'FREE' };
const run = (source: string, identity: Identity = ANONYMOUS) =>
  graphql({
    schema,
    source,
    contextValue: {
      identity,
      requestId: 'r1',
      logger: pino({ level: 'silent' }),
      transaction: async () => {},
    } as unknown as SubgraphContext,
  });
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
});
