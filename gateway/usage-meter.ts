import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { ANONYMOUS } from '../common/identity/identity.ts';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '../common/identity/internal-token.ts';

export interface UsageMeterOptions {
  tenantUrl: () => string | undefined;
  signingKey: KeyObject;
  /** How long the tenant service has to answer a batch; an unanswered batch is kept for the next. */
  timeoutMs: number;
  logger: Logger;
  /** How often counted calls are added to the tenant service's monthly counters. */
  flushMs?: number;
}

export type QuotaStanding = { allowed: true } | { allowed: false; limit: number; used: number };

interface Standing {
  tenantId: string;
  used: number;
  limit: number | null;
}

/**
 * Counts each tenant's API calls and refuses calls over the tier's monthly allowance. Counts are
 * sent to the tenant service in batches, which keeps the durable monthly counters and answers with
 * each tenant's standing; between batches the gateway decides from that standing plus what it has
 * counted since, so several gateways may overshoot by at most one batch each.
 */
export function createUsageMeter({ tenantUrl, signingKey, timeoutMs, logger, flushMs = 2_000 }: UsageMeterOptions) {
  const standings = new Map<string, { used: number; limit: number | null }>();
  const pending = new Map<string, number>();

  async function flush(): Promise<void> {
    const url = tenantUrl();
    if (pending.size === 0 || !url) return;
    const batch = [...pending].map(([tenantId, amount]) => ({ tenantId, metric: 'API_CALLS', amount }));
    pending.clear();
    try {
      const response = await fetch(new URL('/internal/usage/record', url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [INTERNAL_TOKEN_HEADER]: await signInternalToken(ANONYMOUS, 'tenant', signingKey),
        },
        body: JSON.stringify({ increments: batch }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`usage recording answered HTTP ${response.status}`);
      const { standings: answers } = (await response.json()) as { standings: Standing[] };
      for (const { tenantId, used, limit } of answers) standings.set(tenantId, { used, limit });
    } catch (error) {
      // Keep the counts for the next batch: usage is billed, so it must not vanish.
      for (const { tenantId, amount } of batch) pending.set(tenantId, (pending.get(tenantId) ?? 0) + amount);
      logger.warn({ err: error }, 'could not record API usage; will retry');
    }
  }

  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();

  return {
    admit(tenantId: string): QuotaStanding {
      const standing = standings.get(tenantId);
      if (!standing || standing.limit === null) return { allowed: true };
      const used = standing.used + (pending.get(tenantId) ?? 0);
      return used < standing.limit ? { allowed: true } : { allowed: false, limit: standing.limit, used };
    },
    count(tenantId: string): void {
      pending.set(tenantId, (pending.get(tenantId) ?? 0) + 1);
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}

export type UsageMeter = Pick<ReturnType<typeof createUsageMeter>, 'admit' | 'count'>;
