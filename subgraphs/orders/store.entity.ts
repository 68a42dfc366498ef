import { EntitySchema } from 'typeorm';

/** One opening period in the store's local time; dayOfWeek 1 is Monday, 7 Sunday. */
export interface OpeningHours {
  dayOfWeek: number;
  opens: string;
  closes: string;
}

export interface Store {
  id: string;
  tenantId: string;
  name: string;
  timezone: string;
  currency: string;
  city: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  taxRateBasisPoints: number;
  pricesIncludeTax: boolean;
  requiresPaymentBeforeAccept: boolean;
  openingHours: OpeningHours[];
  createdAt: Date;
}

export const StoreEntity = new EntitySchema<Store>({
  name: 'Store',
  tableName: 'stores',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    name: { type: 'text' },
    timezone: { type: 'text' },
    currency: { type: 'char', length: 3 },
    city: { type: 'text', nullable: true },
    address: { type: 'text', nullable: true },
    latitude: { type: 'double precision', nullable: true },
    longitude: { type: 'double precision', nullable: true },
    taxRateBasisPoints: { name: 'tax_rate_bps', type: 'int', default: 0 },
    pricesIncludeTax: { name: 'prices_include_tax', type: 'boolean', default: false },
    requiresPaymentBeforeAccept: { name: 'requires_payment_before_accept', type: 'boolean', default: false },
    openingHours: { name: 'opening_hours', type: 'jsonb', default: () => `'[]'` },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'stores_tenant_created_idx', columns: ['tenantId', 'createdAt'] }],
});
