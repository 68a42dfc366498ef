import { EntitySchema } from 'typeorm';

/** A store's sales in one UTC hour and one currency, derived from the order facts of that hour. */
export interface HourlySales {
  tenantId: string;
  storeId: string;
  hour: Date;
  currency: string;
  revenue: number;
  orders: number;
  items: number;
  /** Distinct customers with a sale in the hour, and those of them whose first sale it is. */
  customers: number;
  newCustomers: number;
}

/** A product's sales at a store in one UTC hour and one currency. */
export interface HourlyProductSales {
  tenantId: string;
  storeId: string;
  hour: Date;
  productId: string;
  currency: string;
  productName: string;
  quantity: number;
  revenue: number;
}

export const HourlySalesEntity = new EntitySchema<HourlySales>({
  name: 'HourlySales',
  tableName: 'hourly_sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    storeId: { name: 'store_id', type: 'uuid', primary: true },
    hour: { type: 'timestamptz', primary: true },
    currency: { type: 'character', length: 3, primary: true },
    revenue: { type: 'bigint' },
    orders: { type: 'integer' },
    items: { type: 'integer' },
    customers: { type: 'integer' },
    newCustomers: { name: 'new_customers', type: 'integer' },
  },
  // Every store's hours of a range (the key leads with the store).
  indices: [{ name: 'hourly_sales_tenant_hour_idx', columns: ['tenantId', 'hour'] }],
});

export const HourlyProductSalesEntity = new EntitySchema<HourlyProductSales>({
  name: 'HourlyProductSales',
  tableName: 'hourly_product_sales',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    storeId: { name: 'store_id', type: 'uuid', primary: true },
    hour: { type: 'timestamptz', primary: true },
    productId: { name: 'product_id', type: 'uuid', primary: true },
    currency: { type: 'character', length: 3, primary: true },
    productName: { name: 'product_name', type: 'text' },
    quantity: { type: 'integer' },
    revenue: { type: 'bigint' },
  },
  indices: [{ name: 'hourly_product_sales_tenant_hour_idx', columns: ['tenantId', 'hour'] }],
});
