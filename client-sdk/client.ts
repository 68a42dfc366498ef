import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GoCoffeeClientOptions {
  /** The gateway's GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** An access token, or a function that returns the current one. */
  token?: string | (() => string | undefined);
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /**
   * Send each operation by its id in the SDK's trusted documents manifest (`documentId`) instead of
   * its text: what a gateway with `TRUSTED_DOCUMENTS=enforce` expects of apps. A document without
   * an id (one not generated from `client-sdk/operations/`) is sent as text.
   */
  documentIds?: boolean;
}

export interface ExecuteResult<TResult> {
  status: number;
  data?: TResult | null;
  errors?: GraphQLFormattedError[];
}

/** A response that carried errors: what the server said, and whatever data came with it. */
export class GraphQLRequestError<TResult = unknown> extends Error {
  override name = 'GraphQLRequestError';
  constructor(
    readonly status: number,
    readonly errors: GraphQLFormattedError[],
    readonly data?: TResult | null,
  ) {
    super(
      errors.map((error) => `${error.extensions?.code ?? 'ERROR'}: ${error.message}`).join('; ') || `HTTP ${status}`,
    );
  }
}

type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

export type GoCoffeeClient = ReturnType<typeof createGoCoffeeClient>;

/** A typed client for the gateway: queries and mutations over HTTP, subscriptions over graphql-ws. */
export function createGoCoffeeClient(options: GoCoffeeClientOptions) {
  let token = options.token;
  let ws: WsClient | undefined;
  const currentToken = () => (typeof token === 'function' ? token() : token);
  const doFetch = options.fetch ?? fetch;
  const documentOf = (document: TypedDocumentNode<unknown, never>) => {
    const id = options.documentIds ? (document as { __meta__?: { hash?: string } }).__meta__?.hash : undefined;
    return id ? { documentId: id } : { query: print(document) };
  };

  async function execute<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...[variables]: VariablesArgument<TVariables>
  ): Promise<ExecuteResult<TResult>> {
    const bearer = currentToken();
    const response = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ ...documentOf(document), variables: variables ?? {} }),
    });
    const text = await response.text();
    try {
      const body = JSON.parse(text) as { data?: TResult | null; errors?: GraphQLFormattedError[] };
      return { status: response.status, ...body };
    } catch {
      return { status: response.status, errors: [{ message: text || response.statusText }] };
    }
  }

  return {
    execute,

    /** Resolves with the data, or throws GraphQLRequestError when the response carried errors. */
    async request<TResult, TVariables>(
      document: TypedDocumentNode<TResult, TVariables>,
      ...variables: VariablesArgument<TVariables>
    ): Promise<TResult> {
      const result = await execute(document, ...variables);
      if (result.errors?.length || result.status >= 400 || !result.data) {
        throw new GraphQLRequestError(result.status, result.errors ?? [], result.data);
      }
      return result.data;
    },

    /** Events of a subscription; leaving the loop (or return()) unsubscribes at once. */
    subscribe<TResult, TVariables>(
      document: TypedDocumentNode<TResult, TVariables>,
      ...[variables]: VariablesArgument<TVariables>
    ): AsyncIterableIterator<ExecutionResult<TResult>> {
      ws ??= createWsClient({
        url: options.url.replace(/^http/, 'ws'),
        webSocketImpl: (globalThis as { WebSocket?: unknown }).WebSocket ?? WebSocket,
        connectionParams: () => {
          const bearer = currentToken();
          return bearer ? { authorization: `Bearer ${bearer}` } : {};
        },
      });
      // graphql-ws requires a query string: empty when the document goes by its id.
      return ws.iterate({
        query: '',
        ...documentOf(document),
        variables: (variables ?? {}) as Record<string, unknown>,
      }) as AsyncIterableIterator<ExecutionResult<TResult>>;
    },

    setToken(next: string | undefined) {
      token = next;
    },

    async dispose() {
      await ws?.dispose();
      ws = undefined;
    },
  };
}
