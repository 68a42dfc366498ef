import { EntitySchema } from 'typeorm';

/** A scope's day (`day-scopes.ts`) of a rollup: the sums of its hourly rows over the day's hours. */
interface ScopeDay {
  tenantId: string;
  scopeId: string;
  day: string;
}

const SCOPE_DAY = {
  tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
  scopeId: { name: 'scope_id', type: 'uuid', primary: true },
  day: { type: 'date', primary: true },
} as const;

export const DailySalesEntity = new EntitySchema<
  ScopeDay & { currency: string; revenue: number; orders: number; items: number; newCustomers: number }
>({
  name: 'DailySales',
  tableName: 'daily_sales',
  columns: {
    ...SCOPE_DAY,
    currency: { type: 'character', length: 3, primary: true },
    revenue: { type: 'bigint' },
    orders: { type: 'integer' },
    items: { type: 'integer' },
    newCustomers: { name: 'new_customers', type: 'integer' },
  },
});

export const DailyProductSalesEntity = new EntitySchema<
  ScopeDay & { productId: string; currency: string; productName: string; quantity: number; revenue: number }
>({
  name: 'DailyProductSales',
  tableName: 'daily_product_sales',
  columns: {
    ...SCOPE_DAY,
    productId: { name: 'product_id', type: 'uuid', primary: true },
    currency: { type: 'character', length: 3, primary: true },
    productName: { name: 'product_name', type: 'text' },
    quantity: { type: 'integer' },
    revenue: { type: 'bigint' },
  },
});

export const DailyPaymentsEntity = new EntitySchema<
  ScopeDay & {
    provider: string;
    method: string;
    currency: string;
    collected: number;
    payments: number;
    refunded: number;
  }
>({
  name: 'DailyPayments',
  tableName: 'daily_payments',
  columns: {
    ...SCOPE_DAY,
    provider: { type: 'text', primary: true },
    method: { type: 'text', primary: true },
    currency: { type: 'character', length: 3, primary: true },
    collected: { type: 'bigint' },
    payments: { type: 'integer' },
    refunded: { type: 'bigint' },
  },
});
