import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../../common/config.ts';

/** How long a report's download link works. */
export const LINK_TTL_MS = 15 * 60_000;

export interface DownloadLinks {
  /** The signed URL of a rendered file, working until `expiresAt`. */
  sign(file: { id: string; tenantId: string; expiresAt: Date }): string;
  /** What a request's link says, when its signature holds; `expired` once its time is past. */
  verify(fileId: string, query: Record<string, unknown>, now: Date): { tenantId: string; expired: boolean } | null;
}

/**
 * REPORT_LINK_SECRET, or outside production one generated once and kept in the data directory (mode
 * 0600) so every service of the machine and every restart agree. Null in production without it.
 */
export function reportLinkSecret(config: Config): Buffer | null {
  if (config.REPORT_LINK_SECRET) return Buffer.from(config.REPORT_LINK_SECRET, 'utf8');
  if (config.NODE_ENV === 'production') return null;
  const file = join(config.DATA_DIR, 'keys', 'report-link-secret');
  if (!existsSync(file)) {
    mkdirSync(join(config.DATA_DIR, 'keys'), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file);
}

export const publicBaseUrl = (config: Config) =>
  (config.ANALYTICS_PUBLIC_URL ?? `http://${config.HOST}:${config.ANALYTICS_PORT}`).replace(/\/+$/, '');

export function createDownloadLinks(secret: Buffer, baseUrl: string): DownloadLinks {
  const signatureOf = (fileId: string, tenantId: string, expires: string) =>
    createHmac('sha256', secret).update(`${fileId}\n${tenantId}\n${expires}`).digest('base64url');
  return {
    sign({ id, tenantId, expiresAt }) {
      const expires = String(Math.floor(expiresAt.getTime() / 1000));
      const query = new URLSearchParams({ tenant: tenantId, expires, signature: signatureOf(id, tenantId, expires) });
      return `${baseUrl}/downloads/reports/${id}?${query}`;
    },
    verify(fileId, query, now) {
      const { tenant, expires, signature } = query;
      if (typeof tenant !== 'string' || typeof expires !== 'string' || typeof signature !== 'string') return null;
      if (!/^\d{1,12}$/.test(expires)) return null;
      const expected = Buffer.from(signatureOf(fileId, tenant, expires));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return { tenantId: tenant, expired: Number(expires) * 1000 <= now.getTime() };
    },
  };
}
