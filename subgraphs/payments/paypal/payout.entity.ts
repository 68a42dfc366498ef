import { EntitySchema } from 'typeorm';

/**
 * A payout's status: ours until PayPal accepts the batch (REQUESTED), then PayPal's `batch_status`.
 * It moves only forward, so late or reordered webhooks change nothing.
 */
export const PAYOUT_STATUSES = ['REQUESTED', 'PENDING', 'PROCESSING', 'SUCCESS', 'DENIED', 'CANCELED'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

const FORWARD: Record<PayoutStatus, readonly PayoutStatus[]> = {
  REQUESTED: ['PENDING', 'PROCESSING', 'SUCCESS', 'DENIED', 'CANCELED'],
  PENDING: ['PROCESSING', 'SUCCESS', 'DENIED', 'CANCELED'],
  PROCESSING: ['SUCCESS', 'DENIED', 'CANCELED'],
  SUCCESS: [],
  DENIED: [],
  CANCELED: [],
};

export const advancePayout = (current: PayoutStatus, reported: string): PayoutStatus =>
  (FORWARD[current] as readonly string[]).includes(reported) ? (reported as PayoutStatus) : current;

/** One recipient of a payout, with PayPal's `transaction_status` for it once PayPal has one. */
export interface PayoutItem {
  receiver: string;
  amount: number;
  currency: string;
  note: string | null;
  /** SUCCESS, PENDING, UNCLAIMED, RETURNED, FAILED, ... as PayPal reports it; null until then. */
  status: string | null;
  /** PayPal's payout_item_id. */
  reference: string | null;
}

/** Money a tenant sends to PayPal recipients in one batch; its id is the batch's sender_batch_id. */
export interface Payout {
  id: string;
  tenantId: string;
  status: PayoutStatus;
  /** PayPal's payout_batch_id, once PayPal has accepted the batch. */
  batchReference: string | null;
  items: PayoutItem[];
  failureMessage: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const PayoutEntity = new EntitySchema<Payout>({
  name: 'Payout',
  tableName: 'payouts',
  columns: {
    id: { type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    status: { type: 'text' },
    batchReference: { name: 'batch_reference', type: 'text', nullable: true, unique: true },
    items: { type: 'jsonb' },
    failureMessage: { name: 'failure_message', type: 'text', nullable: true },
    createdBy: { name: 'created_by', type: 'uuid', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
  indices: [{ name: 'payouts_tenant_created_idx', columns: ['tenantId', 'createdAt'] }],
});
