import express, { type Express, type Request } from 'express';
import type { Logger } from 'pino';
import { requestIdFrom, REQUEST_ID_HEADER } from './request-id.ts';
import type { ServiceMetrics } from './metrics.ts';

/** A named dependency /readyz checks: the database, Redis, ... */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface ServiceAppOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  readiness: ReadinessCheck[];
}

const requestIds = new WeakMap<Request, string>();
export const requestIdOf = (req: Request): string => requestIds.get(req) ?? 'unknown';

/**
 * The express app every service starts from: request ids, request logging and timing, and the
 * unauthenticated operational endpoints `/healthz`, `/readyz` and `/metrics`.
 */
export function createServiceApp({ logger, metrics, readiness }: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use((req, res, next) => {
    const requestId = requestIdFrom(req.headers);
    requestIds.set(req, requestId);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const stopTimer = metrics.httpRequestDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = req.path === '/graphql' || req.path.startsWith('/.well-known') ? req.path : 'other';
      stopTimer({ route, status: String(res.statusCode) });
      logger.debug({ requestId, method: req.method, path: req.path, status: res.statusCode }, 'request');
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      readiness.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), 2_000);
          return [name, 'ok'] as const;
        } catch (error) {
          logger.warn({ err: error, dependency: name }, 'readiness check failed');
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = results.every(([, status]) => status === 'ok');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) });
  });

  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  return app;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
