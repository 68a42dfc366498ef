import type { Database } from '../../../common/database/database.ts';
import { isUuid } from '../../../common/database/uuid.ts';
import { claimWebhookEvent } from '../webhook-event.entity.ts';
import type { PayPalEvent } from './paypal-event-report.ts';
import {
  applyPayoutReport,
  lockPayout,
  reportOfBatch,
  type PayPalPayoutBatch,
  type PayPalPayoutItem,
} from './payout-batch.ts';
import { PayoutEntity } from './payout.entity.ts';

interface PayoutEventReport {
  senderBatchId: string | null;
  batchReference: string | null;
  report: Parameters<typeof applyPayoutReport>[2];
}

/** What a PAYMENT.PAYOUTSBATCH.* or PAYMENT.PAYOUTS-ITEM.* event says of a payout; null for others. */
function reportOfPayoutEvent(event: PayPalEvent): PayoutEventReport | null {
  if (event.event_type.startsWith('PAYMENT.PAYOUTSBATCH.')) {
    const batch = event.resource as unknown as PayPalPayoutBatch;
    const report = reportOfBatch(batch);
    return {
      senderBatchId: batch.batch_header.sender_batch_header?.sender_batch_id ?? null,
      batchReference: report.batchReference,
      report,
    };
  }
  if (event.event_type.startsWith('PAYMENT.PAYOUTS-ITEM.')) {
    const item = event.resource as unknown as PayPalPayoutItem;
    return {
      senderBatchId: item.sender_batch_id ?? null,
      batchReference: item.payout_batch_id ?? null,
      report: { items: [item], ...(item.payout_batch_id ? { batchReference: item.payout_batch_id } : {}) },
    };
  }
  return null;
}

export const isPayoutEvent = (event: PayPalEvent) => reportOfPayoutEvent(event) !== null;

/**
 * Applies PayPal's payout events once: the payout is found by its sender_batch_id (our id) or
 * PayPal's batch id, and the report is recorded with the event id in one transaction of its tenant.
 */
export function createPayoutEvents(database: Database) {
  return async function apply(event: PayPalEvent): Promise<'applied' | 'duplicate' | 'ignored'> {
    const found = reportOfPayoutEvent(event);
    const target =
      found &&
      (await database.system(async (manager) => {
        const payouts = manager.getRepository(PayoutEntity);
        const select = { id: true, tenantId: true } as const;
        return (
          (isUuid(found.senderBatchId)
            ? await payouts.findOne({ where: { id: found.senderBatchId }, select })
            : null) ??
          (found.batchReference
            ? await payouts.findOne({ where: { batchReference: found.batchReference }, select })
            : null)
        );
      }));
    if (!found || !target) return 'ignored';
    return database.transaction(target.tenantId, async (manager) => {
      if (!(await claimWebhookEvent(manager, 'PAYPAL', { id: event.id, type: event.event_type }, target.tenantId))) {
        return 'duplicate';
      }
      await applyPayoutReport(manager, await lockPayout(manager, target.id), found.report);
      return 'applied';
    });
  };
}
