import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A built service that is not listening yet: tests choose port 0 and read the port back. */
export interface ServiceServer {
  httpServer: Server;
  listen(port: number, host: string): Promise<RunningService>;
}

/**
 * How long an idle keep-alive connection stays open. Node's default of 5 s closes connections that
 * clients (the gateway's fetcher, SDK users on Node's fetch) still hold in their pools, and their next
 * request on one fails with ECONNRESET; a server should outlast its clients' idle timeouts, as behind
 * a load balancer (60 s idle) it must.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function listen(
  httpServer: Server,
  port: number,
  host: string,
  stop: () => Promise<void>,
): Promise<RunningService> {
  httpServer.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Headers must be allowed longer than the keep-alive wait, or Node closes the connection early.
  httpServer.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      const { port: actualPort } = httpServer.address() as AddressInfo;
      const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      resolve({ url: `http://${displayHost}:${actualPort}/graphql`, port: actualPort, stop });
    });
  });
}
