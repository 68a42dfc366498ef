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

export function listen(
  httpServer: Server,
  port: number,
  host: string,
  stop: () => Promise<void>,
): Promise<RunningService> {
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
