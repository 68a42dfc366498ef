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

/** A bare graphql-transport-ws socket, to speak the protocol message by message. */
export interface RawSocket {
  send(message: Record<string, unknown>): void;
  /** The next message the server sends. */
  message(): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  socket: WebSocket;
}

export async function openRawSocket(wsUrl: string): Promise<RawSocket> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  const messages: Record<string, unknown>[] = [];
  const waiting: ((message: Record<string, unknown>) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    send: (message) => socket.send(JSON.stringify(message)),
    message: () => {
      const message = messages.shift();
      return message ? Promise.resolve(message) : new Promise((resolve) => waiting.push(resolve));
    },
    closed,
    socket,
  };
}
