import { EntitySchema } from 'typeorm';
import type { Granularity, KpiMetric } from '../timeseries.service.ts';
import type { RangeSpec } from '../dashboards/range-spec.ts';

/** A saved report definition of a tenant: what to render, not a rendering. */
export interface Report {
  id: string;
  tenantId: string;
  createdBy: string | null;
  name: string;
  metrics: KpiMetric[];
  storeId: string | null;
  range: RangeSpec;
  granularity: Granularity;
  timeZone: string | null;
  createdAt: Date;
}

export const ReportEntity = new EntitySchema<Report>({
  name: 'Report',
  tableName: 'reports',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    createdBy: { name: 'created_by', type: 'uuid', nullable: true },
    name: { type: 'text' },
    metrics: { type: 'jsonb' },
    storeId: { name: 'store_id', type: 'uuid', nullable: true },
    range: { type: 'jsonb' },
    granularity: { type: 'text' },
    timeZone: { name: 'time_zone', type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
