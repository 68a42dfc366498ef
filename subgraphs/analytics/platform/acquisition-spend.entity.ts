import { EntitySchema } from 'typeorm';

/**
 * Money the platform spent acquiring tenants (marketing, sales) in one UTC month, as a platform
 * operator recorded it. Platform data: it belongs to no tenant. Amounts of one month and currency add up.
 */
export interface AcquisitionSpend {
  id: string;
  month: string;
  currency: string;
  amount: number;
  idempotencyKey: string | null;
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
    recordedAt: { name: 'recorded_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'acquisition_spend_month_idx', columns: ['month', 'currency'] }],
});
