import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatedProxy {
  /** The proxy's GraphQL URL, to route a subgraph through. */
  url: string;
  /** Holds the next GraphQL request at the proxy until `release()`; others pass straight through. */
  holdNext(): void;
  /** Resolves once a held request has arrived (it is then in flight at the gateway). */
  held: () => Promise<void>;
  release(): void;
  stop(): Promise<void>;
}

/** An HTTP proxy in front of a subgraph that can keep one request waiting, to have one in flight. */
export async function startGatedProxy(targetUrl: string): Promise<GatedProxy> {
  const target = new URL(targetUrl);
  let holding = false;
  let arrived: () => void = () => {};
  let arrival = new Promise<void>((resolve) => (arrived = resolve));
  const releases: (() => void)[] = [];

  /** Sends the request on, with its body as read so far (or streamed when not read yet). */
  const forward = (req: IncomingMessage, res: ServerResponse, body?: Buffer) => {
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    if (body) upstream.end(body);
    else req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    if (!holding || req.url !== '/graphql') return forward(req, res);
    holding = false;
    // The gateway has sent the whole request and waits for the answer: it is in flight.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      releases.push(() => forward(req, res, Buffer.concat(chunks)));
      arrived();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    holdNext() {
      holding = true;
      arrival = new Promise<void>((resolve) => (arrived = resolve));
    },
    held: () => arrival,
    release() {
      for (const release of releases.splice(0)) release();
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
