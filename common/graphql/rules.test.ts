import { graphql } from 'graphql';
import { gql } from 'graphql-tag';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Identity } from '../identity/identity.ts';
import type { Tier } from '../tiers.ts';
import { allow, withinQuota } from './rules.ts';
import type { QuotaUsage, SubgraphContext } from './subgraph-context.ts';
import { buildSubgraphGraphQLSchema } from './subgraph-server.ts';

const schema = buildSubgraphGraphQLSchema({
  name: 'tenant',
  typeDefs: gql`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Query {
      ping: String
    }
    type Mutation {
      addSeat(input: AddSeatInput!): String
    }
    input AddSeatInput {
      idempotencyKey: String!
    }
    type Seat @key(fields: "id") {
      id: ID!
    }
  `,
  resolvers: { Query: { ping: () => 'pong' }, Mutation: { addSeat: () => 'seated' } },
  permissions: { Query: {}, Mutation: { addSeat: withinQuota('USERS') }, Seat: allow },
});

const owner = (tier: Tier): Identity => ({
  kind: 'user',
  userId: 'u1',
  tenantId: 't1',
  roles: ['OWNER'],
  scopes: [],
  tier,
});

/** Runs addSeat with this count of seats in use; `repeat` says whether its key was used before. */
async function addSeat(identity: Identity, quotaUsage: QuotaUsage | undefined, repeat = false) {
  const counted: string[] = [];
  const result = await graphql({
    schema,
    source: 'mutation { addSeat(input: { idempotencyKey: "k1" }) }',
    contextValue: {
      identity,
      requestId: 'r1',
      logger: pino({ level: 'silent' }),
      quotaUsage: quotaUsage && {
        USERS: async () => {
          counted.push('USERS');
          return quotaUsage.USERS!();
        },
      },
      transaction: async (work: (manager: unknown) => Promise<unknown>) =>
        work({ getRepository: () => ({ existsBy: async () => repeat }) }),
    } as unknown as SubgraphContext,
  });
  return { result, counted };
}

describe('withinQuota', () => {
  it('lets a call through while the tier has room', async () => {
    const { result } = await addSeat(owner('FREE'), { USERS: async () => 4 });
    expect(result).toEqual({ data: { addSeat: 'seated' } });
  });

  it('refuses with QUOTA_EXCEEDED that states the limit and the current use once the limit is reached', async () => {
    const { result } = await addSeat(owner('FREE'), { USERS: async () => 5 });
    expect(result.data).toEqual({ addSeat: null });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'QUOTA_EXCEEDED', limit: 5, used: 5 });
    expect(result.errors?.[0]?.message).toBe('The FREE tier allows 5 users and 5 are in use');
  });

  it('lets the repeat of an idempotent call through at the limit, since it makes nothing new', async () => {
    const { result } = await addSeat(owner('FREE'), { USERS: async () => 5 }, true);
    expect(result).toEqual({ data: { addSeat: 'seated' } });
  });

  it('does not count at all on a tier without that limit', async () => {
    const { result, counted } = await addSeat(owner('WHITE_LABEL'), { USERS: async () => 10_000 });
    expect(result).toEqual({ data: { addSeat: 'seated' } });
    expect(counted).toEqual([]);
  });

  it('asks an anonymous caller to authenticate', async () => {
    const { result } = await addSeat(ANONYMOUS, { USERS: async () => 0 });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('is a fault, not a denial, when the subgraph keeps no count of the metric', async () => {
    const { result } = await addSeat(owner('FREE'), undefined);
    expect(result.errors?.[0]?.message).toMatch(/keeps no such count/);
    expect(result.errors?.[0]?.extensions?.code).toBeUndefined();
  });
});
