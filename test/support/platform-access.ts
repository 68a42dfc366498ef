import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { SubgraphName } from '../../common/config.ts';
import type { Database } from '../../common/database/database.ts';
import type { Identity } from '../../common/identity/identity.ts';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '../../common/identity/internal-token.ts';
import { loadKeys } from '../../common/identity/keys.ts';
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

/** Calls a subgraph directly, as the gateway would for this identity (holding its signing key). */
export async function callSubgraphAs(
  platform: TestPlatform,
  name: SubgraphName,
  identity: Identity,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: any; errors?: { extensions: { code: string } }[] }> {
  const subgraph = platform.subgraphs.find((candidate) => candidate.name === name)!;
  const key = loadKeys(platform.config).internal!.privateKey!;
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [INTERNAL_TOKEN_HEADER]: await signInternalToken(identity, name, key),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { extensions: { code: string } }[] };
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
