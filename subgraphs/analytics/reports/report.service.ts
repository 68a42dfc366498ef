import type { EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_REUSED, once, validateIdempotencyKey } from '../../../common/database/idempotency.ts';
import { isUuid } from '../../../common/database/uuid.ts';
import { serviceUnavailable } from '../../../common/graphql/errors.ts';
import { userError, type UserError } from '../../../common/graphql/user-error.ts';
import { parseRangeSpec, type RangeSpecInput } from '../dashboards/range-spec.ts';
import { timeZoneErrors } from '../../../common/time/time-zone-input.ts';
import { checkSeriesShape, checkStoreId, checkTitle, MAX_TABLE_METRICS } from '../dashboards/widget-spec.ts';
import type { Viewer } from '../dashboards/dashboard.service.ts';
import type { Granularity, KpiMetric } from '../timeseries.service.ts';
import type { DownloadLinks } from './download-link.ts';
import { ReportEntity, type Report } from './report.entity.ts';
import { ReportFileEntity, type ReportFormat } from './report-file.entity.ts';
import { renderReportFile } from './report-render.ts';
import { ReportScheduleEntity } from './report-schedule.entity.ts';

export interface CreateReportInput {
  name: string;
  metrics: KpiMetric[];
  storeId?: string | null;
  range: RangeSpecInput;
  granularity: Granularity;
  timeZone?: string | null;
  idempotencyKey: string;
}

const NOT_FOUND = userError('NOT_FOUND', 'No such report', ['id']);

export const findReport = (manager: EntityManager, id: string): Promise<Report | null> =>
  isUuid(id) ? manager.getRepository(ReportEntity).findOneBy({ id }) : Promise.resolve(null);

export const listReports = (manager: EntityManager): Promise<Report[]> =>
  manager.getRepository(ReportEntity).find({ order: { name: 'ASC', id: 'ASC' } });

export async function createReport(
  manager: EntityManager,
  viewer: Viewer,
  input: CreateReportInput,
): Promise<{ report: Report | null; errors: UserError[] }> {
  const name = input.name.trim();
  const range = parseRangeSpec(input.range, ['range']);
  const errors = [
    ...checkTitle(name, ['name'], true),
    ...(Array.isArray(range)
      ? range
      : checkSeriesShape(
          input.metrics,
          input.granularity,
          range,
          { metrics: [1, MAX_TABLE_METRICS], granularity: true },
          [],
        )),
    ...checkStoreId(input.storeId, []),
    ...(input.timeZone ? timeZoneErrors(input.timeZone) : []),
    ...validateIdempotencyKey(input.idempotencyKey),
  ];
  if (errors.length > 0 || Array.isArray(range)) return { report: null, errors };
  const request = {
    name,
    metrics: input.metrics,
    storeId: input.storeId ?? null,
    range,
    granularity: input.granularity,
    timeZone: input.timeZone ?? null,
  };
  const claim = { tenantId: viewer.tenantId, operation: 'createReport', key: input.idempotencyKey, request };
  const outcome = await once(manager, claim, async () => {
    const saved = await manager
      .getRepository(ReportEntity)
      .save({ ...request, tenantId: viewer.tenantId, createdBy: viewer.userId });
    return { reportId: saved.id };
  });
  if ('conflict' in outcome) return { report: null, errors: [IDEMPOTENCY_KEY_REUSED] };
  return { report: await findReport(manager, outcome.result.reportId), errors: [] };
}

export async function deleteReport(
  manager: EntityManager,
  id: string,
): Promise<{ deletedId: string | null; errors: UserError[] }> {
  const report = await findReport(manager, id);
  if (!report) return { deletedId: null, errors: [NOT_FOUND] };
  await manager.getRepository(ReportScheduleEntity).delete({ reportId: report.id });
  await manager.getRepository(ReportFileEntity).delete({ reportId: report.id });
  await manager.getRepository(ReportEntity).delete({ id: report.id });
  return { deletedId: id, errors: [] };
}

export async function exportReport(
  manager: EntityManager,
  links: DownloadLinks | null,
  id: string,
  format: ReportFormat,
  now = new Date(),
) {
  if (!links) throw serviceUnavailable('Report downloads need REPORT_LINK_SECRET');
  const report = await findReport(manager, id);
  if (!report) return { export: null, errors: [NOT_FOUND] };
  const file = await renderReportFile(manager, report, format, now);
  if (!file) return { export: null, errors: [userError('STORE_NOT_FOUND', "The report's store is not known", ['id'])] };
  return {
    export: {
      url: links.sign(file),
      fileName: file.fileName,
      contentType: file.contentType,
      expiresAt: file.expiresAt,
    },
    errors: [],
  };
}
