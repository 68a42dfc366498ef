import { In, LessThan } from 'typeorm';
import type { Logger } from 'pino';
import type { Database } from '../../../common/database/database.ts';
import type { PayPalClient } from './paypal-client.ts';
import { applyPayoutReport, lockPayout, reportOfBatch, type PayPalPayoutBatch } from './payout-batch.ts';
import { PayoutEntity } from './payout.entity.ts';

/** Payouts PayPal is still working on; a webhook usually settles them first. */
const OPEN = ['PENDING', 'PROCESSING'] as const;
const BATCH_SIZE = 50;

/**
 * Reads open payouts back from PayPal (`GET /v1/payments/payouts/{batch id}`), so a payout whose
 * webhooks were lost still ends where PayPal says. Only payouts untouched for `staleMs` are read.
 */
export function createPayoutRefresh(database: Database, paypal: PayPalClient, logger: Logger, staleMs: number) {
  return async function refreshOpenPayouts(): Promise<number> {
    const open = await database.system((manager) =>
      manager.getRepository(PayoutEntity).find({
        where: { status: In([...OPEN]), updatedAt: LessThan(new Date(Date.now() - staleMs)) },
        select: { id: true, tenantId: true, batchReference: true },
        order: { updatedAt: 'ASC' },
        take: BATCH_SIZE,
      }),
    );
    let refreshed = 0;
    for (const payout of open) {
      try {
        const batch = await paypal.request<PayPalPayoutBatch>(
          'GET',
          `/v1/payments/payouts/${encodeURIComponent(payout.batchReference!)}`,
        );
        await database.transaction(payout.tenantId, async (manager) =>
          applyPayoutReport(manager, await lockPayout(manager, payout.id), reportOfBatch(batch)),
        );
        refreshed += 1;
      } catch (error) {
        logger.warn({ err: error, payoutId: payout.id }, 'payout could not be read back from PayPal');
      }
    }
    return refreshed;
  };
}
