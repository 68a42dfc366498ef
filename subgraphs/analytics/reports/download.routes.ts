import { Router } from 'express';
import { MoreThan } from 'typeorm';
import type { Database } from '../../../common/database/database.ts';
import { isUuid } from '../../../common/database/uuid.ts';
import type { DownloadLinks } from './download-link.ts';
import { ReportFileEntity } from './report-file.entity.ts';

/**
 * GET /downloads/reports/:id with the link's tenant, expiry and signature: the file, or 403 for a
 * link that is not ours and 410 for one that has expired (or whose report was deleted), with no body.
 */
export function createDownloadRoutes(database: Database, links: DownloadLinks | null): Router {
  const router = Router();
  router.get('/reports/:id', async (req, res, next) => {
    try {
      const now = new Date();
      const link = links && isUuid(req.params.id) ? links.verify(req.params.id, req.query, now) : null;
      if (!link || !isUuid(link.tenantId)) return void res.status(403).end();
      if (link.expired) return void res.status(410).end();
      const file = await database.transaction(link.tenantId, (manager) =>
        manager.getRepository(ReportFileEntity).findOneBy({ id: req.params.id, expiresAt: MoreThan(now) }),
      );
      if (!file) return void res.status(410).end();
      res
        .status(200)
        .set({
          'content-type': file.contentType,
          'content-disposition': `attachment; filename="${file.fileName}"`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        })
        .send(file.body);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/** Deletes the files whose links have expired, across tenants. */
export const sweepExpiredReportFiles = (database: Database, now = new Date()) =>
  database.system((manager) => manager.query('DELETE FROM analytics.report_files WHERE expires_at <= $1', [now]));
