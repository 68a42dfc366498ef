import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client of the gateway that never reconnects on its own (tests decide). */
export function connectTo(wsUrl: string, authorization?: string, options: Partial<ClientOptions> = {}): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization } : {},
    ...options,
  });
}

/** One subscription as the client sees it: its events in order, and how it ended. */
export interface EventStream {
  /** The next event; rejects with the error if the subscription fails before one comes. */
  next(): Promise<FormattedExecutionResult>;
  /** Resolves when the subscription is over: `error` is what the server sent, if it failed. */
  ended: Promise<{ error?: unknown }>;
  unsubscribe(): void;
}

export function subscribe(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): EventStream {
  const events: FormattedExecutionResult[] = [];
  const waiting: { resolve(event: FormattedExecutionResult): void; reject(error: unknown): void }[] = [];
  let failure: { error: unknown } | undefined;
  let settle: (outcome: { error?: unknown }) => void = () => {};
  const ended = new Promise<{ error?: unknown }>((resolve) => (settle = resolve));
  const unsubscribe = client.subscribe<Record<string, unknown>>(
    { query, variables, ...(operationName ? { operationName } : {}) },
    {
      next: (event) => {
        const waiter = waiting.shift();
        if (waiter) waiter.resolve(event as FormattedExecutionResult);
        else events.push(event as FormattedExecutionResult);
      },
      error: (error) => {
        failure = { error };
        for (const waiter of waiting.splice(0)) waiter.reject(error);
        settle({ error });
      },
      complete: () => {
        for (const waiter of waiting.splice(0)) waiter.reject(new Error('the subscription completed'));
        settle({});
      },
    },
  );
  return {
    next() {
      const event = events.shift();
      if (event) return Promise.resolve(event);
      if (failure) return Promise.reject(failure.error);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    ended,
    unsubscribe,
  };
}
