import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';

/**
 * Copies the client's headers named in the allow-list (lower case) onto a subgraph call. Nothing
 * else the client sent reaches a subgraph; the gateway sets its own headers after this.
 * Subscription events have no client request of their own (one upstream serves many clients), so
 * nothing is copied for them.
 */
export function propagateClientHeaders(
  allowList: readonly string[],
  options: GraphQLDataSourceProcessOptions<object>,
): void {
  const outgoing = options.request.http?.headers;
  const incoming =
    'incomingRequestContext' in options ? options.incomingRequestContext.request.http?.headers : undefined;
  if (!outgoing || !incoming) return;
  for (const name of allowList) {
    const value = incoming.get(name);
    if (value !== undefined && value !== null) outgoing.set(name, value);
  }
}
