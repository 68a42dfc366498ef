import { EntitySchema } from 'typeorm';

/**
 * Money the platform spent acquiring tenants (marketing, sales) in one UTC month, as a platform
 * operator recorded it, or a correction of a month's total. Platform data: it belongs to no tenant.
 * Amounts of one month and currency add up.
 */
export interface AcquisitionSpend {
  id: string;
  month: string;
  currency: string;
  amount: number;
  idempotencyKey: string | null;
  /** Why a correction was made; null for spend recorded as it was spent. */
  reason: string | null;
  /** The month's total a correction set (its amount is the difference it made). */
  correctedTotal: number | null;
  recordedAt: Date;
}

export const AcquisitionSpendEntity = new EntitySchema<AcquisitionSpend>({
  name: 'AcquisitionSpend',
  tableName: 'acquisition_spend',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    month: { type: 'character', length: 7 },
    currency: { type: 'character', length: 3 },
    amount: { type: 'integer' },
    idempotencyKey: { name: 'idempotency_key', type: 'text', nullable: true, unique: true },
    reason: { type: 'text', nullable: true },
    correctedTotal: { name: 'corrected_total', type: 'integer', nullable: true },
    recordedAt: { name: 'recorded_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'acquisition_spend_month_idx', columns: ['month', 'currency'] }],
});
