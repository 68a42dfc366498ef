import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { KeyObject } from 'node:crypto';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '../common/identity/internal-token.ts';
import { REQUEST_ID_HEADER } from '../common/http/request-id.ts';
import { injectTraceContext } from '../common/telemetry/trace-context.ts';
import type { GatewayContext } from './gateway-context.ts';
import { propagateClientHeaders } from './propagated-headers.ts';
import type { Fetcher } from './resilience/guarded-fetcher.ts';

export interface SubgraphCallOptions {
  /** Client headers copied onto each call (lower case). */
  propagatedHeaders: readonly string[];
  /** The HTTP fetch of every call, when not the data source's own. */
  fetcher?: Fetcher;
  /** Wraps the HTTP fetch of every call: its deadline and the subgraph's circuit breaker. */
  guardFetcher?: (fetcher: Fetcher) => Fetcher;
}

/**
 * Calls a subgraph with a short-lived token, signed by the gateway, that states who the caller is.
 * Nothing the client sent is forwarded except the request id, the trace context and the allow-listed
 * headers.
 */
export class InternalIdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraph: string,
    url: string,
    private readonly signingKey: KeyObject,
    private readonly calls: SubgraphCallOptions = { propagatedHeaders: [] },
  ) {
    super({ url, fetcher: calls.fetcher });
    if (calls.guardFetcher) this.fetcher = calls.guardFetcher(this.fetcher);
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { request, context } = options;
    propagateClientHeaders(this.calls.propagatedHeaders, options);
    const identity = 'identity' in context && context.identity ? context.identity : undefined;
    if (!identity) throw new Error('The gateway has no identity for this request');
    const clientIp = 'clientIp' in context ? (context.clientIp ?? null) : null;
    request.http?.headers.set(
      INTERNAL_TOKEN_HEADER,
      await signInternalToken(identity, this.subgraph, this.signingKey, clientIp),
    );
    if ('requestId' in context && context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    injectTraceContext(request.http?.headers);
  }
}
