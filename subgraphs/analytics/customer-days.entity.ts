import { EntitySchema } from 'typeorm';

/** Bits in a year's day mask: one per UTC day of the year, the first day leftmost. */
export const DAYS_IN_MASK = 366;

/**
 * The UTC days of one year on which a customer bought at a store, derived from the order facts: how
 * distinct customers of a long range are counted without reading every sale in it.
 */
export interface CustomerSaleDays {
  tenantId: string;
  storeId: string;
  customerId: string;
  year: number;
  /** Bit n set: a sale on the year's (n + 1)th UTC day. */
  days: string;
}

export const CustomerSaleDaysEntity = new EntitySchema<CustomerSaleDays>({
  name: 'CustomerSaleDays',
  tableName: 'customer_sale_days',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    storeId: { name: 'store_id', type: 'uuid', primary: true },
    customerId: { name: 'customer_id', type: 'uuid', primary: true },
    year: { type: 'smallint', primary: true },
    days: { type: 'bit', length: DAYS_IN_MASK },
  },
  indices: [{ name: 'customer_sale_days_year_idx', columns: ['tenantId', 'year'] }],
});
