import { EntitySchema } from 'typeorm';
import type { ReportFormat } from './report-file.entity.ts';

/** When a report is mailed, and to whom; `nextRunAt` is the due time a scheduler claims. */
export interface ReportSchedule {
  id: string;
  tenantId: string;
  reportId: string;
  cron: string;
  timeZone: string;
  recipients: string[];
  format: ReportFormat;
  paused: boolean;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  createdAt: Date;
}

export const ReportScheduleEntity = new EntitySchema<ReportSchedule>({
  name: 'ReportSchedule',
  tableName: 'report_schedules',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    reportId: { name: 'report_id', type: 'uuid' },
    cron: { type: 'text' },
    timeZone: { name: 'time_zone', type: 'text' },
    recipients: { type: 'jsonb' },
    format: { type: 'text' },
    paused: { type: 'boolean', default: false },
    nextRunAt: { name: 'next_run_at', type: 'timestamptz', nullable: true },
    lastRunAt: { name: 'last_run_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  indices: [{ name: 'report_schedules_due_idx', columns: ['nextRunAt'] }],
});
