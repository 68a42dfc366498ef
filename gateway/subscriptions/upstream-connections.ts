import { createClient, type Client, type ExecutionResult, type Sink } from 'graphql-ws';
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { Identity } from '../../common/identity/identity.ts';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '../../common/identity/internal-token.ts';
import { identityScope } from './identity-scope.ts';

export interface UpstreamConnectionsOptions {
  /** A subgraph's GraphQL URL (http or https), as the gateway routes to it. */
  urlOf(subgraph: string): string | undefined;
  signingKey: KeyObject;
  logger: Logger;
  /** Upstream subscriptions opened and ended, for the gauge. */
  onCountChange?(delta: 1 | -1): void;
}

export interface UpstreamRequest {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/** Why an upstream subscription ended other than by completing: the socket went, or the subgraph said no. */
export type UpstreamFailure =
  | { kind: 'unreachable'; detail: string }
  | { kind: 'refused'; errors: readonly { message: string; extensions?: Record<string, unknown> }[] };

export interface UpstreamSink {
  next(event: ExecutionResult): void;
  error(failure: UpstreamFailure): void;
  complete(): void;
}

interface PooledClient {
  client: Client;
  users: number;
}

/**
 * graphql-ws clients to the subgraphs, one per subgraph and identity, shared by every subscription
 * of that identity. The subgraph checks the internal token once, on `connection_init`: a fresh
 * token is signed for each connection, so a subscription outlives the token's minute, and a client
 * never reconnects on its own (a lost socket ends its subscriptions, which the client can retry).
 */
export function createUpstreamConnections({ urlOf, signingKey, logger, onCountChange }: UpstreamConnectionsOptions) {
  const pool = new Map<string, PooledClient>();

  function clientFor(subgraph: string, identity: Identity): { key: string; pooled: PooledClient } {
    const key = `${subgraph}\n${identityScope(identity)}`;
    let pooled = pool.get(key);
    if (!pooled) {
      const client = createClient({
        url: urlOf(subgraph)!.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        lazy: true,
        retryAttempts: 0,
        connectionParams: async () => ({
          [INTERNAL_TOKEN_HEADER]: await signInternalToken(identity, subgraph, signingKey),
        }),
        on: {
          closed: () => {
            if (pool.get(key)?.client === client) pool.delete(key);
          },
        },
      });
      pooled = { client, users: 0 };
      pool.set(key, pooled);
    }
    return { key, pooled };
  }

  function release(key: string, pooled: PooledClient): void {
    pooled.users -= 1;
    if (pooled.users > 0) return;
    if (pool.get(key) === pooled) pool.delete(key);
    void pooled.client.dispose();
  }

  return {
    /** Opens a subscription on a subgraph as this identity; the returned function ends it at once. */
    subscribe(subgraph: string, identity: Identity, request: UpstreamRequest, sink: UpstreamSink): () => void {
      if (!urlOf(subgraph)) {
        queueMicrotask(() => sink.error({ kind: 'unreachable', detail: `no URL for subgraph ${subgraph}` }));
        return () => {};
      }
      const { key, pooled } = clientFor(subgraph, identity);
      pooled.users += 1;
      onCountChange?.(1);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        onCountChange?.(-1);
        release(key, pooled);
      };
      const graphqlWsSink: Sink<ExecutionResult> = {
        next: (event) => sink.next(event),
        error: (error) => {
          end();
          const failure = toFailure(error);
          logger.warn({ subgraph, failure }, 'an upstream subscription failed');
          sink.error(failure);
        },
        complete: () => {
          end();
          sink.complete();
        },
      };
      const unsubscribe = pooled.client.subscribe(
        { query: request.query, operationName: request.operationName ?? null, variables: request.variables },
        graphqlWsSink,
      );
      return () => {
        if (ended) return;
        unsubscribe();
        end();
      };
    },

    async close(): Promise<void> {
      const clients = [...pool.values()];
      pool.clear();
      await Promise.all(clients.map(({ client }) => client.dispose()));
    },
  };
}

export type UpstreamConnections = ReturnType<typeof createUpstreamConnections>;

function toFailure(error: unknown): UpstreamFailure {
  if (Array.isArray(error)) return { kind: 'refused', errors: error };
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code, reason } = error as { code: unknown; reason?: unknown };
    return { kind: 'unreachable', detail: `closed with ${String(code)}${reason ? `: ${String(reason)}` : ''}` };
  }
  return { kind: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
}
