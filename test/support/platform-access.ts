import { parse, subscribe, validate, type GraphQLError, type GraphQLSchema } from 'graphql';
import { PubSub } from 'graphql-subscriptions';
import { pino } from 'pino';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { SubgraphName } from '../../common/config.ts';
import type { Database } from '../../common/database/database.ts';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import { buildSubgraphGraphQLSchema } from '../../common/graphql/subgraph-server.ts';
import type { Identity } from '../../common/identity/identity.ts';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '../../common/identity/internal-token.ts';
import { loadKeys } from '../../common/identity/keys.ts';
import { createFileMailer } from '../../common/mail/mailer.ts';
import { createInMemoryRateLimiter } from '../../common/rate-limit/rate-limiter.ts';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { TenantEntity, type Tenant } from '../../subgraphs/tenant/tenant.entity.ts';
import type { TestPlatform } from './test-platform.ts';

/** A subgraph's database, to arrange a situation or check what was stored. */
export function subgraphDatabase(platform: TestPlatform, name: SubgraphName): Database {
  const subgraph = platform.subgraphs.find((candidate) => candidate.name === name);
  if (!subgraph) throw new Error(`no ${name} subgraph in this platform`);
  return subgraph.database;
}

/** Puts a tenant on another plan, as billing would. */
export async function setTenantPlan(
  platform: TestPlatform,
  slug: string,
  plan: Partial<Pick<Tenant, 'tier' | 'status' | 'trialEndsAt'>>,
): Promise<void> {
  await subgraphDatabase(platform, 'tenant').system((manager) =>
    manager.getRepository(TenantEntity).update({ slug }, plan),
  );
}

export interface SubgraphResponse {
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions: { code: string } & Record<string, unknown> }[];
}

/** Calls a subgraph directly, as the gateway would for this identity (holding its signing key). */
export async function callSubgraphAs(
  platform: TestPlatform,
  name: SubgraphName,
  identity: Identity,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<SubgraphResponse> {
  const subgraph = platform.subgraphs.find((candidate) => candidate.name === name)!;
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await internalTokenHeader(platform, name, identity)) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as SubgraphResponse;
}

/** The header the gateway presents to a subgraph for this identity, for requests a test shapes itself. */
export async function internalTokenHeader(
  platform: TestPlatform,
  name: SubgraphName,
  identity: Identity,
): Promise<Record<string, string>> {
  const key = loadKeys(platform.config).internal!.privateKey!;
  return { [INTERNAL_TOKEN_HEADER]: await signInternalToken(identity, name, key) };
}

const subscribable = new WeakMap<TestPlatform, Map<SubgraphName, Promise<SubscribableSubgraph>>>();
interface SubscribableSubgraph {
  schema: GraphQLSchema;
  contextFor(identity: Identity): SubgraphContext;
}

/** A subgraph's schema and context, built in this process over the platform's database. */
async function subscribableSubgraph(platform: TestPlatform, name: SubgraphName): Promise<SubscribableSubgraph> {
  const module = SUBGRAPHS.find((candidate) => candidate.name === name);
  if (!module) throw new Error(`no ${name} subgraph`);
  const database = subgraphDatabase(platform, name);
  const logger = pino({ level: 'silent' });
  const definition = module.definition({
    config: platform.config,
    logger,
    database,
    keys: loadKeys(platform.config),
    bus: platform.bus,
    pubsub: new PubSub(),
    rateLimiter: createInMemoryRateLimiter(),
    mailer: createFileMailer(platform.config.DATA_DIR),
    serviceUrl: (service) => platform.subgraphs.find((candidate) => candidate.name === service)!.url,
  });
  return {
    schema: buildSubgraphGraphQLSchema(definition),
    contextFor(identity) {
      const base: SubgraphContext = {
        requestId: crypto.randomUUID(),
        identity,
        clientIp: null,
        logger,
        transaction: (work) => database.transaction(identity.tenantId, work),
      };
      return definition.extendContext ? definition.extendContext(base) : base;
    },
  };
}

/**
 * Starts a subscription on a subgraph's schema for this identity, in this process, and ends it at
 * once: its rules decide when it starts, so what they said is known without waiting for an event.
 * Answers like a call: `data` when it started, `data: null` and the errors when it was refused.
 */
export async function subscribeAs(
  platform: TestPlatform,
  name: SubgraphName,
  identity: Identity,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: unknown; errors?: readonly GraphQLError[] }> {
  const built = subscribable.get(platform) ?? new Map();
  subscribable.set(platform, built);
  if (!built.has(name)) built.set(name, subscribableSubgraph(platform, name));
  const { schema, contextFor } = await built.get(name)!;
  const document = parse(query);
  const invalid = validate(schema, document);
  if (invalid.length > 0) return { errors: invalid };
  const result = await subscribe({ schema, document, variableValues: variables, contextValue: contextFor(identity) });
  // Refused when it starts: the errors come without data, but the field ran (its rules did).
  if (!(Symbol.asyncIterator in result)) return { data: result.data ?? null, errors: result.errors ?? [] };
  await result.return?.();
  return { data: {} };
}

/** A graphql-ws client straight at a subgraph, presenting the gateway's token for this identity. */
export function subgraphSocketAs(platform: TestPlatform, name: SubgraphName, identity: Identity): Client {
  const subgraph = platform.subgraphs.find((candidate) => candidate.name === name)!;
  const key = loadKeys(platform.config).internal!.privateKey!;
  return createClient({
    url: subgraph.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: async () => ({ [INTERNAL_TOKEN_HEADER]: await signInternalToken(identity, name, key) }),
  });
}
