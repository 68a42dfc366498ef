import type { EntityManager } from 'typeorm';
import { resolveRange } from '../dashboards/range-spec.ts';
import { timeZoneFor } from '../kpi.service.ts';
import { renderCsv } from './csv.ts';
import { renderPdf } from './pdf.ts';
import type { Report } from './report.entity.ts';
import { ReportFileEntity, type ReportFile, type ReportFormat } from './report-file.entity.ts';
import { reportTable, type ReportTable } from './report-table.ts';
import { renderXlsx } from './xlsx.ts';
import { LINK_TTL_MS } from './download-link.ts';

const RENDERERS: Record<
  ReportFormat,
  { extension: string; contentType: string; render(table: ReportTable, title: string): Promise<Buffer> | Buffer }
> = {
  CSV: { extension: 'csv', contentType: 'text/csv; charset=utf-8', render: renderCsv },
  XLSX: {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: renderXlsx,
  },
  PDF: { extension: 'pdf', contentType: 'application/pdf', render: renderPdf },
};

/** The report's figures at `now`: null when its store is no longer known. */
export async function reportTableAt(manager: EntityManager, report: Report, now: Date): Promise<ReportTable | null> {
  const timeZone = await timeZoneFor(manager, report.storeId, report.timeZone);
  if (!timeZone) return null;
  return reportTable(manager, {
    metrics: report.metrics,
    granularity: report.granularity,
    range: resolveRange(report.range, timeZone, now),
    storeId: report.storeId,
    timeZone,
  });
}

const fileNameOf = (report: Report, table: ReportTable, extension: string) => {
  const slug =
    report.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'report';
  return `${slug}-${table.range.from}-${table.range.to}.${extension}`;
};

/** Renders the report now and keeps the file until its link expires; null when its store is unknown. */
export async function renderReportFile(
  manager: EntityManager,
  report: Report,
  format: ReportFormat,
  now: Date,
): Promise<ReportFile | null> {
  const table = await reportTableAt(manager, report, now);
  if (!table) return null;
  const renderer = RENDERERS[format];
  return manager.getRepository(ReportFileEntity).save({
    tenantId: report.tenantId,
    reportId: report.id,
    fileName: fileNameOf(report, table, renderer.extension),
    contentType: renderer.contentType,
    body: await renderer.render(table, report.name),
    expiresAt: new Date(now.getTime() + LINK_TTL_MS),
  });
}
