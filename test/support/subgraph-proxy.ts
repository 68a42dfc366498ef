import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A stand-in in front of a subgraph that records what reaches it and can stop answering. */
export interface SubgraphProxy {
  /** The GraphQL URL to route the gateway to. */
  url: string;
  /** `forward`: passes each call on to the subgraph; `hang`: takes calls and never answers them. */
  mode: 'forward' | 'hang';
  /** The headers of every call that reached the proxy, oldest first. */
  calls: IncomingHttpHeaders[];
  stop(): Promise<void>;
}

const NOT_FORWARDED = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding']);

export async function startSubgraphProxy(subgraphUrl: string): Promise<SubgraphProxy> {
  const sockets = new Set<Socket>();
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.entries(req.headers).flatMap(([name, value]) =>
      NOT_FORWARDED.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]],
    );
    const answer = await fetch(new URL(req.url ?? '/', subgraphUrl), {
      method: req.method,
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  };
  const proxy: SubgraphProxy = {
    url: '',
    mode: 'forward',
    calls: [],
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    proxy.calls.push(req.headers);
    if (proxy.mode === 'hang') return;
    forward(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  return proxy;
}
