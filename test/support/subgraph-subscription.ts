import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { SubgraphName } from '../../common/config.ts';
import type { Identity } from '../../common/identity/identity.ts';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '../../common/identity/internal-token.ts';
import { loadKeys } from '../../common/identity/keys.ts';
import type { TestPlatform } from './test-platform.ts';

/** A graphql-ws client straight to a subgraph, as the gateway would open one for this identity. */
export async function subscribeToSubgraphAs(
  platform: TestPlatform,
  name: SubgraphName,
  identity: Identity,
): Promise<Client> {
  const subgraph = platform.subgraphs.find((candidate) => candidate.name === name)!;
  const key = loadKeys(platform.config).internal!.privateKey!;
  const token = await signInternalToken(identity, name, key);
  return createClient({
    url: subgraph.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { [INTERNAL_TOKEN_HEADER]: token },
    retryAttempts: 0,
  });
}
