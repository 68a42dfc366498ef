import type { EntityManager } from 'typeorm';
import { createDomainEvent } from '../../../common/events/domain-event.ts';
import { recordEvents } from '../../../common/events/outbox.ts';
import { advancePayout, PayoutEntity, type Payout } from './payout.entity.ts';

/** A payout batch as `POST`/`GET /v1/payments/payouts` and the PAYMENT.PAYOUTSBATCH.* webhooks show it. */
export interface PayPalPayoutBatch {
  batch_header: {
    payout_batch_id: string;
    batch_status: string;
    sender_batch_header?: { sender_batch_id?: string };
  };
  items?: PayPalPayoutItem[];
}

/** One item as the batch's details and the PAYMENT.PAYOUTS-ITEM.* webhooks show it. */
export interface PayPalPayoutItem {
  payout_item_id: string;
  payout_batch_id?: string;
  sender_batch_id?: string;
  transaction_status: string;
  payout_item?: { sender_item_id?: string };
}

/** The sender_item_id of a payout's item: the payout id and the item's place in it. */
/** What a batch as PayPal shows it says of our payout. */
export const reportOfBatch = (batch: PayPalPayoutBatch) => ({
  status: batch.batch_header.batch_status,
  batchReference: batch.batch_header.payout_batch_id,
  ...(batch.items ? { items: batch.items } : {}),
});

export const senderItemId = (payoutId: string, index: number) => `${payoutId}-${index}`;

/**
 * Records what PayPal reports of a payout the caller has locked: the batch id, a status forward
 * only, the items' statuses. A change of status records PayoutStatusChanged in the same transaction.
 */
export async function applyPayoutReport(
  manager: EntityManager,
  payout: Payout,
  report: { status?: string; batchReference?: string; items?: PayPalPayoutItem[]; failureMessage?: string },
): Promise<Payout> {
  const status = report.status ? advancePayout(payout.status, report.status) : payout.status;
  const items = payout.items.map((item, index) => {
    const reported = report.items?.find(
      (found) => found.payout_item?.sender_item_id === senderItemId(payout.id, index),
    );
    return reported ? { ...item, status: reported.transaction_status, reference: reported.payout_item_id } : item;
  });
  const next: Payout = {
    ...payout,
    status,
    batchReference: payout.batchReference ?? report.batchReference ?? null,
    items,
    failureMessage: report.failureMessage ?? payout.failureMessage,
  };
  if (JSON.stringify(next) === JSON.stringify(payout)) return payout;
  await manager
    .getRepository(PayoutEntity)
    .update(
      { id: payout.id },
      { status, batchReference: next.batchReference, items, failureMessage: next.failureMessage },
    );
  if (status !== payout.status) {
    await recordEvents(manager, [
      createDomainEvent({
        type: 'PayoutStatusChanged',
        source: 'payments',
        tenantId: payout.tenantId,
        aggregateId: payout.id,
        payload: { payoutId: payout.id, status, batchReference: next.batchReference },
      }),
    ]);
  }
  return next;
}

export const lockPayout = (manager: EntityManager, id: string) =>
  manager.getRepository(PayoutEntity).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
