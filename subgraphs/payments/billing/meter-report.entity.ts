import { EntitySchema } from 'typeorm';

/**
 * API calls above a tier's allowance, as the tenant subgraph recorded them, and whether Stripe has
 * them. The id is the usage record's and is sent as the meter event's `identifier`, so a report
 * sent twice is counted once.
 */
export interface MeterReport {
  id: string;
  tenantId: string;
  metric: string;
  quantity: number;
  /** When the calls were made. */
  occurredAt: Date;
  reportedAt: Date | null;
  createdAt: Date;
}

export const MeterReportEntity = new EntitySchema<MeterReport>({
  name: 'MeterReport',
  tableName: 'meter_reports',
  columns: {
    id: { type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    metric: { type: 'text' },
    quantity: { type: 'int' },
    occurredAt: { name: 'occurred_at', type: 'timestamptz' },
    reportedAt: { name: 'reported_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'meter_reports_unreported_idx', columns: ['createdAt'], where: 'reported_at IS NULL' }],
});
