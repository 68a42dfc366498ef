import { EntitySchema } from 'typeorm';

export const METERED = ['API_CALLS'] as const;
export type MeteredMetric = (typeof METERED)[number];

/** How much of a metered resource a tenant used in one calendar month (UTC). */
export interface UsageCounter {
  tenantId: string;
  /** `YYYY-MM` */
  period: string;
  metric: MeteredMetric;
  used: number;
}

export const UsageCounterEntity = new EntitySchema<UsageCounter>({
  name: 'UsageCounter',
  tableName: 'usage_counters',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    period: { type: 'text', primary: true },
    metric: { type: 'text', primary: true },
    used: { type: 'bigint', transformer: { to: (value: number) => value, from: (value: string) => Number(value) } },
  },
});

export const currentPeriod = (now = new Date()) => now.toISOString().slice(0, 7);
