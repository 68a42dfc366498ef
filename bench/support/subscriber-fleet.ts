import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

export interface SubscriberFleetOptions {
  /** The gateway's WebSocket URL. */
  url: string;
  count: number;
  /** Sockets opening at once. */
  concurrency: number;
  connectionParams: Record<string, unknown>;
  subscription: { query: string; variables: Record<string, unknown> };
  /** What tells events apart (an order's id): receipts are counted per key. */
  keyOf(data: unknown): string;
}

export interface SubscriberFleet {
  /** When each socket received the event with this key (performance.now() of this process). */
  receipts(key: string): number[];
  /** Resolves once `count` sockets have the event with this key, or after `timeoutMs`. */
  until(key: string, count: number, timeoutMs: number): Promise<void>;
  /** Errors the server sent and sockets it closed, described; empty while all is well. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Many graphql-ws (graphql-transport-ws) subscribers on bare sockets, as cheap to hold as a socket
 * is: no client library per connection, one JSON.parse per message. Resolves once every socket is
 * acknowledged and has sent its subscription.
 */
export async function openSubscriberFleet(options: SubscriberFleetOptions): Promise<SubscriberFleet> {
  const receipts = new Map<string, number[]>();
  const waiters = new Map<string, { count: number; resolve: () => void }[]>();
  const problems: string[] = [];
  const sockets: WebSocket[] = [];
  let closing = false;

  const received = (key: string, at: number) => {
    let times = receipts.get(key);
    if (!times) receipts.set(key, (times = []));
    times.push(at);
    const waiting = waiters.get(key);
    if (!waiting) return;
    for (const waiter of waiting.filter(({ count }) => times.length >= count)) waiter.resolve();
    waiters.set(
      key,
      waiting.filter(({ count }) => times.length < count),
    );
  };

  const open = () =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(options.url, 'graphql-transport-ws');
      sockets.push(socket);
      socket.once('open', () =>
        socket.send(JSON.stringify({ type: 'connection_init', payload: options.connectionParams })),
      );
      socket.once('error', reject);
      socket.on('message', (data) => {
        const at = performance.now();
        const message = JSON.parse(String(data)) as { type: string; payload?: { data?: unknown; errors?: unknown } };
        if (message.type === 'next') {
          if (message.payload?.errors) problems.push(`event with errors: ${JSON.stringify(message.payload.errors)}`);
          else received(options.keyOf(message.payload?.data), at);
        } else if (message.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: options.subscription }));
          resolve();
        } else if (message.type === 'ping') {
          socket.send(JSON.stringify({ type: 'pong' }));
        } else if (message.type === 'error' || message.type === 'complete') {
          problems.push(`subscription ${message.type}: ${JSON.stringify(message.payload ?? null)}`);
        }
      });
      socket.once('close', (code, reason) => {
        if (!closing) problems.push(`socket closed by the gateway: ${code} ${String(reason)}`);
        reject(new Error(`closed before it was acknowledged: ${code} ${String(reason)}`));
      });
    });

  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, options.count) }, async () => {
      while (next < options.count) {
        next += 1;
        await open();
      }
    }),
  );

  return {
    receipts: (key) => receipts.get(key) ?? [],
    until(key, count, timeoutMs) {
      if ((receipts.get(key)?.length ?? 0) >= count) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        const waiting = waiters.get(key) ?? [];
        waiting.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        waiters.set(key, waiting);
      });
    },
    problems,
    async close() {
      closing = true;
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.readyState === WebSocket.CLOSED) return resolve();
              socket.once('close', () => resolve());
              socket.close(1000);
            }),
        ),
      );
    },
  };
}

/** The soft limit of open files of this process (and of the processes it spawns). */
export function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3] ?? Infinity);
}
