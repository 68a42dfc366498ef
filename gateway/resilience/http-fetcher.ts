import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BufferedResponse } from './buffered-response.ts';
import type { Fetcher } from './guarded-fetcher.ts';

/** Connections held open between calls; as long as the subgraphs keep idle ones (65 s) and no longer. */
const KEEP_ALIVE = { keepAlive: true, timeout: 60_000 };

/**
 * A subgraph fetch over Node's own HTTP client, on connections kept alive, answering once the
 * whole body is in. The gateway makes one or more of these per operation: the fetch library the
 * gateway ships with costs several times as much per call.
 */
export function createHttpFetcher(): Fetcher {
  const agents = { 'http:': new HttpAgent(KEEP_ALIVE), 'https:': new HttpsAgent(KEEP_ALIVE) };
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const agent = agents[target.protocol as keyof typeof agents];
      if (!agent) return reject(new Error(`Cannot fetch ${target.protocol} URLs`));
      const call = send(
        target,
        { method: init.method ?? 'GET', headers: init.headers, agent, signal: init.signal as AbortSignal | undefined },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const headers = Object.entries(response.headers).flatMap(([name, value]) =>
              value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
            );
            resolve(
              new BufferedResponse(
                Buffer.concat(chunks).toString('utf8'),
                response.statusCode ?? 0,
                response.statusMessage ?? '',
                headers,
                url,
              ),
            );
          });
        },
      );
      call.on('error', reject);
      call.end(init.body);
    });
}
