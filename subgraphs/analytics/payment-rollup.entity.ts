import { EntitySchema } from 'typeorm';

/** A store's payments in one UTC hour by provider, in-store method ('' when none) and currency. */
export interface HourlyPayments {
  tenantId: string;
  storeId: string;
  hour: Date;
  provider: string;
  method: string;
  currency: string;
  /** Taken by the payments that succeeded in the hour, and how many they were. */
  collected: number;
  payments: number;
  /** Given back in the hour, whenever the payment was taken. */
  refunded: number;
}

export const HourlyPaymentsEntity = new EntitySchema<HourlyPayments>({
  name: 'HourlyPayments',
  tableName: 'hourly_payments',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    storeId: { name: 'store_id', type: 'uuid', primary: true },
    hour: { type: 'timestamptz', primary: true },
    provider: { type: 'text', primary: true },
    method: { type: 'text', primary: true },
    currency: { type: 'character', length: 3, primary: true },
    collected: { type: 'bigint' },
    payments: { type: 'integer' },
    refunded: { type: 'bigint' },
  },
  indices: [{ name: 'hourly_payments_tenant_hour_idx', columns: ['tenantId', 'hour'] }],
});
