import { Router } from 'express';
import type { Database } from '../../common/database/database.ts';
import { verifyApiKey } from './api-key.service.ts';
import type { SsoService } from './sso.service.ts';
import type { UsageIncrement, UsageService } from './usage.service.ts';

/** What the gateway asks the tenant service directly, outside the public graph. */
export function createInternalRoutes(database: Database, sso: SsoService, usage: UsageService): Router {
  const router = Router();
  router.post('/usage/record', async (req, res) => {
    const increments = (req.body as { increments?: unknown } | undefined)?.increments;
    res.json({ standings: Array.isArray(increments) ? await usage.record(increments as UsageIncrement[]) : [] });
  });
  router.post('/sso/sign-in', async (req, res) => {
    const token = (req.body as { token?: unknown } | undefined)?.token;
    const identity = typeof token === 'string' ? await sso.signIn(token) : null;
    if (identity) res.json(identity);
    else res.status(404).json({ error: 'not a token of a connected identity provider' });
  });
  router.post('/api-keys/verify', async (req, res) => {
    const key = (req.body as { token?: unknown } | undefined)?.token;
    const identity = typeof key === 'string' ? await verifyApiKey(database, key) : null;
    if (identity) res.json(identity);
    else res.status(404).json({ error: 'unknown, revoked or expired key' });
  });
  return router;
}
