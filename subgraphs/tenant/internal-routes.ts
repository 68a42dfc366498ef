import { Router } from 'express';
import type { Database } from '../../common/database/database.ts';
import { verifyApiKey } from './api-key.service.ts';

/** What the gateway asks the tenant service directly, outside the public graph. */
export function createInternalRoutes(database: Database): Router {
  const router = Router();
  router.post('/api-keys/verify', async (req, res) => {
    const key = (req.body as { key?: unknown } | undefined)?.key;
    const identity = typeof key === 'string' ? await verifyApiKey(database, key) : null;
    if (identity) res.json(identity);
    else res.status(404).json({ error: 'unknown, revoked or expired key' });
  });
  return router;
}
