import { EntitySchema } from 'typeorm';

export type ReportFormat = 'CSV' | 'XLSX' | 'PDF';

/** A rendered report, served by its signed link until it expires; expired files are swept. */
export interface ReportFile {
  id: string;
  tenantId: string;
  reportId: string;
  fileName: string;
  contentType: string;
  body: Buffer;
  createdAt: Date;
  expiresAt: Date;
}

export const ReportFileEntity = new EntitySchema<ReportFile>({
  name: 'ReportFile',
  tableName: 'report_files',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    tenantId: { name: 'tenant_id', type: 'uuid' },
    reportId: { name: 'report_id', type: 'uuid' },
    fileName: { name: 'file_name', type: 'text' },
    contentType: { name: 'content_type', type: 'text' },
    body: { type: 'bytea' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    expiresAt: { name: 'expires_at', type: 'timestamptz' },
  },
  indices: [{ name: 'report_files_expires_idx', columns: ['expiresAt'] }],
});
