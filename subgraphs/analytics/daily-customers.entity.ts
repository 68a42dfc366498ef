import { EntitySchema } from 'typeorm';

/**
 * Each customer's number at the tenant, 0, 1, 2… in the order analytics first heard of them: their
 * bit in the daily customer sets.
 */
export interface CustomerNumber {
  tenantId: string;
  customerId: string;
  number: number;
}

export const CustomerNumberEntity = new EntitySchema<CustomerNumber>({
  name: 'CustomerNumber',
  tableName: 'customer_numbers',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    customerId: { name: 'customer_id', type: 'uuid', primary: true },
    number: { type: 'int' },
  },
  uniques: [{ name: 'customer_numbers_number_key', columns: ['tenantId', 'number'] }],
});

/**
 * The customers with a sale on one day, as a bit per customer number, in a day scope (`day-scopes.ts`):
 * how distinct customers of any run of days are counted by OR-ing a row per day. Every row of a tenant
 * has the same length, a power of two its customers fit in.
 */
export interface DailyCustomers {
  tenantId: string;
  scopeId: string;
  day: string;
  customers: string;
}

export const DailyCustomersEntity = new EntitySchema<DailyCustomers>({
  name: 'DailyCustomers',
  tableName: 'daily_customers',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    scopeId: { name: 'scope_id', type: 'uuid', primary: true },
    day: { type: 'date', primary: true },
    customers: { type: 'bit varying' },
  },
});
