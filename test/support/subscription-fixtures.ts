import { composeServices } from '@apollo/composition';
import { Router } from 'express';
import { PubSub } from 'graphql-subscriptions';
import type { DocumentNode } from 'graphql';
import { gql } from 'graphql-tag';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig, type Config, type SubgraphName } from '../../common/config.ts';
import { openDatabase, type Database } from '../../common/database/database.ts';
import { allow, deny, isTenantCaller } from '../../common/graphql/rules.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import { createSubgraphServer, type SubgraphDefinition } from '../../common/graphql/subgraph-server.ts';
import type { RunningService } from '../../common/http/listen.ts';
import type { Identity, Role } from '../../common/identity/identity.ts';
import { loadKeys, type PlatformKeys } from '../../common/identity/keys.ts';
import { createTestDatabase, type TestDatabase } from './test-services.ts';

/**
 * Two small subgraphs built with the platform's kit, composed on the fly, to exercise federated
 * subscriptions: `orders` owns tickets and their subscription, `tenant` owns the stores whose
 * fields each ticket event needs joined. Events are published by the test.
 */

export interface FixtureTicket {
  id: string;
  status: string;
  storeId: string;
  /** Any size: lets a test make events as large as it needs. */
  note?: string;
}

interface TicketEvent {
  ticketUpdated: FixtureTicket;
}

export interface FixtureStore {
  id: string;
  name: string;
}

const ticketsTypeDefs = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query {
    ticket(id: ID!): Ticket
  }

  type Subscription {
    ticketUpdated(storeId: ID!): Ticket!
  }

  type Ticket @key(fields: "id") {
    id: ID!
    status: String!
    note: String
    "The user (or kind of caller) this subgraph served, as the internal identity token says."
    servedTo: String!
    store: Store!
  }

  type Store @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

const storesTypeDefs = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query {
    store(id: ID!): Store
  }

  type Store @key(fields: "id") {
    id: ID!
    name: String
    "Denied to everyone."
    secretRecipe: String
    "Always fails with an internal fault."
    broken: String
  }
`;

/** Tracks the ticket subscriptions the orders subgraph holds open, and for whom. */
class OpenSubscriptions {
  private count = 0;
  private waiters: { count: number; resolve: () => void }[] = [];
  readonly servedTo: string[] = [];

  get open(): number {
    return this.count;
  }

  /** Resolves once exactly `count` ticket subscriptions are open in the subgraph. */
  until(count: number): Promise<void> {
    if (this.count === count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  track<T>(iterator: AsyncIterableIterator<T>, identity: Identity): AsyncIterableIterator<T> {
    let counted = false;
    let ended = false;
    const end = () => {
      if (!counted || ended) return;
      ended = true;
      this.change(-1);
    };
    return {
      next: () => {
        const next = iterator.next();
        if (!counted) {
          counted = true;
          this.servedTo.push(identity.userId ?? identity.kind);
          this.change(1);
        }
        return next;
      },
      return: async () => {
        end();
        return (await iterator.return?.()) ?? { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private change(delta: number): void {
    this.count += delta;
    const ready = this.waiters.filter((waiter) => waiter.count === this.count);
    this.waiters = this.waiters.filter((waiter) => waiter.count !== this.count);
    for (const waiter of ready) waiter.resolve();
  }
}

export interface ApiKeyGrant {
  tenantId: string;
  scopes: string[];
  tier: string;
}

export interface SsoGrant {
  userId: string;
  tenantId: string;
  role: Role;
  tier: string;
  expiresAt: number;
}

/** A fixture subgraph that can be stopped, started again on its port, or have its connections cut. */
export interface FixtureSubgraph {
  name: SubgraphName;
  url: string;
  /** Stops as on a restart: open WebSockets are closed with 1001 "Going away". */
  stop(): Promise<void>;
  /** Serves again on the same port. */
  start(): Promise<void>;
  /** Drops every open connection at once, as when the process dies. */
  cutConnections(): void;
}

export interface SubscriptionFixtures {
  config: Config;
  keys: PlatformKeys;
  supergraphSdl: string;
  /** Each subgraph's schema, for tests that compose supergraphs of their own. */
  typeDefs: Record<'orders' | 'tenant', DocumentNode>;
  orders: FixtureSubgraph;
  tenant: FixtureSubgraph;
  /** Ticket subscriptions open in the orders subgraph. */
  upstream: OpenSubscriptions;
  stores: Map<string, FixtureStore>;
  /** API keys and SSO tokens the tenant subgraph vouches for on its internal routes. */
  apiKeys: Map<string, ApiKeyGrant>;
  ssoTokens: Map<string, SsoGrant>;
  /** Monthly API calls per tenant, as the tenant service counts them; tenants not named are unlimited. */
  usageAllowances: Map<string, { used: number; limit: number }>;
  publish(ticket: FixtureTicket): Promise<void>;
  stop(): Promise<void>;
}

export async function startSubscriptionFixtures(): Promise<SubscriptionFixtures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'go-coffee-subscriptions-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  const keys = loadKeys(config);
  const logger = pino({ level: 'silent' });
  const testDatabase: TestDatabase = await createTestDatabase(2);
  const databases: Database[] = [];
  const open = (schema: string) =>
    openDatabase(testDatabase.connection, { schema, entities: [], migrations: [] }).then((database) => {
      databases.push(database);
      return database;
    });

  const events = new PubSub();
  const upstream = new OpenSubscriptions();
  const tickets = new Map<string, FixtureTicket>();
  const stores = new Map<string, FixtureStore>();
  const apiKeys = new Map<string, ApiKeyGrant>();
  const ssoTokens = new Map<string, SsoGrant>();
  const usageAllowances = new Map<string, { used: number; limit: number }>();

  const ordersDefinition: SubgraphDefinition = {
    name: 'orders',
    typeDefs: ticketsTypeDefs,
    resolvers: {
      Query: { ticket: (_: unknown, { id }: { id: string }) => tickets.get(id) ?? null },
      Subscription: {
        // Only `subscribe`: then the shield rule runs when subscribing, not on every event.
        ticketUpdated: {
          subscribe: (_: unknown, { storeId }: { storeId: string }, ctx: SubgraphContext) =>
            upstream.track(events.asyncIterableIterator<TicketEvent>(`ticket:${storeId}`), ctx.identity),
        },
      },
      Ticket: {
        __resolveReference: ({ id }: { id: string }) => tickets.get(id) ?? null,
        servedTo: (_: FixtureTicket, _args: unknown, ctx: SubgraphContext) => ctx.identity.userId ?? ctx.identity.kind,
        store: (ticket: FixtureTicket) => ({ id: ticket.storeId }),
      },
    } as SubgraphDefinition['resolvers'],
    permissions: {
      Query: { ticket: isTenantCaller },
      Subscription: { ticketUpdated: isTenantCaller },
      Ticket: allow,
      Store: allow,
    },
  };

  const internalRoutes = Router();
  internalRoutes.post('/api-keys/verify', (req, res) => {
    const grant = apiKeys.get((req.body as { token?: string }).token ?? '');
    if (grant) res.json(grant);
    else res.status(404).json({ error: 'unknown, revoked or expired key' });
  });
  internalRoutes.post('/sso/sign-in', (req, res) => {
    const grant = ssoTokens.get((req.body as { token?: string }).token ?? '');
    if (grant) res.json(grant);
    else res.status(404).json({ error: 'not a token of a connected identity provider' });
  });
  internalRoutes.post('/usage/record', (req, res) => {
    const { increments = [] } = req.body as { increments?: { tenantId: string; amount: number }[] };
    const standings = increments.flatMap(({ tenantId, amount }) => {
      const allowance = usageAllowances.get(tenantId);
      if (!allowance) return [];
      allowance.used += amount;
      return [{ tenantId, used: allowance.used, limit: allowance.limit }];
    });
    res.json({ standings });
  });

  const tenantDefinition: SubgraphDefinition = {
    name: 'tenant',
    typeDefs: storesTypeDefs,
    resolvers: {
      Query: { store: (_: unknown, { id }: { id: string }) => stores.get(id) ?? null },
      Store: {
        __resolveReference: ({ id }: { id: string }) => stores.get(id) ?? null,
        secretRecipe: () => 'two shots, no questions',
        broken: () => {
          throw new Error('the recipe database is on fire');
        },
      },
    } as SubgraphDefinition['resolvers'],
    permissions: {
      Query: { store: isTenantCaller },
      Store: { id: allow, name: isTenantCaller, secretRecipe: deny, broken: isTenantCaller },
    },
    internalRoutes,
  };

  const serve = async (definition: SubgraphDefinition): Promise<FixtureSubgraph> => {
    const database = await open(`fixture_${definition.name}`);
    const start = async (port: number) => {
      const server = await createSubgraphServer(definition, {
        config,
        logger,
        database,
        internalVerifyKey: keys.internal!.publicKey,
      });
      const sockets = new Set<Socket>();
      server.httpServer.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      return { running: await server.listen(port, '127.0.0.1'), sockets };
    };
    let current: { running: RunningService; sockets: Set<Socket> } | undefined = await start(0);
    const { port, url } = current.running;
    return {
      name: definition.name,
      url,
      async stop() {
        const stopping = current;
        current = undefined;
        await stopping?.running.stop();
      },
      async start() {
        current ??= await start(port);
      },
      cutConnections() {
        for (const socket of current?.sockets ?? []) socket.destroy();
      },
    };
  };

  const orders = await serve(ordersDefinition);
  const tenant = await serve(tenantDefinition);
  const composed = composeServices([
    { name: 'orders', url: orders.url, typeDefs: ticketsTypeDefs },
    { name: 'tenant', url: tenant.url, typeDefs: storesTypeDefs },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('\n'));

  return {
    config,
    keys,
    supergraphSdl: composed.supergraphSdl,
    typeDefs: { orders: ticketsTypeDefs, tenant: storesTypeDefs },
    orders,
    tenant,
    upstream,
    stores,
    apiKeys,
    ssoTokens,
    usageAllowances,
    async publish(ticket) {
      tickets.set(ticket.id, ticket);
      await events.publish(`ticket:${ticket.storeId}`, { ticketUpdated: ticket } satisfies TicketEvent);
    },
    async stop() {
      await orders.stop();
      await tenant.stop();
      for (const database of databases) await database.close();
      await testDatabase.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
