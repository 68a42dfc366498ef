import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { PubSub } from 'graphql-subscriptions';
import type { DocumentNode } from 'graphql';
import { gql } from 'graphql-tag';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../common/config.ts';
import type { RunningService } from '../common/http/listen.ts';
import { loadKeys } from '../common/identity/keys.ts';
import { createGateway } from '../gateway/server.ts';

/**
 * The gateway in front of two plain Apollo subgraphs that are not the platform's: other names, no
 * internal token check, no `/healthz`. It must serve them as it serves its own.
 */
const shelves = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    shelves: [Shelf!]!
  }
  type Shelf @key(fields: "id") {
    id: ID!
    label: String!
  }
`;
const books = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Shelf @key(fields: "id") {
    id: ID!
    books: [String!]!
  }
`;

type Resolvers = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>['resolvers']>;

async function serve(name: string, typeDefs: DocumentNode, resolvers: Resolvers) {
  const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs, resolvers }]) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { name, typeDefs, server, url };
}

let dataDir: string;
let library: Awaited<ReturnType<typeof serve>>[];
let gateway: RunningService;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'go-coffee-foreign-'));
  library = await Promise.all([
    serve('shelves', shelves, { Query: { shelves: () => [{ id: 's1', label: 'Poetry' }] } }),
    serve('books', books, { Shelf: { books: ({ id }: { id: string }) => (id === 's1' ? ['Odes', 'Sonnets'] : []) } }),
  ]);
  const composed = composeServices(library.map(({ name, url, typeDefs }) => ({ name, url, typeDefs })));
  if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('\n'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  const server = await createGateway({
    config,
    logger: pino({ level: 'silent' }),
    keys: loadKeys(config),
    pubsub: new PubSub(),
    supergraphSdl: composed.supergraphSdl,
  });
  gateway = await server.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await gateway?.stop();
  await Promise.all(library?.map(({ server }) => server.stop()) ?? []);
  rmSync(dataDir, { recursive: true, force: true });
});

const readiness = async () => (await fetch(new URL('/readyz', gateway.url))).status;

describe('a supergraph of subgraphs that are not the platform’s', () => {
  it('answers an anonymous query joined across its subgraphs', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ shelves { label books } }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { shelves: [{ label: 'Poetry', books: ['Odes', 'Sonnets'] }] } });
  });

  it('is ready while its subgraphs answer, though they serve no /healthz', async () => {
    expect(await readiness()).toBe(200);
  });

  it('is not ready once one of its subgraphs stops answering', async () => {
    await library[1]!.server.stop();
    expect(await readiness()).toBe(503);
  });
});
