import type { EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_REUSED, once, validateIdempotencyKey } from '../../../common/database/idempotency.ts';
import { isUuid } from '../../../common/database/uuid.ts';
import { userError, type UserError } from '../../../common/graphql/user-error.ts';
import { timeZoneFor } from '../kpi.service.ts';
import { isCronExpression, nextRunAfter } from './cron-schedule.ts';
import type { ReportFormat } from './report-file.entity.ts';
import { ReportScheduleEntity, type ReportSchedule } from './report-schedule.entity.ts';
import { timeZoneErrors } from '../../../common/time/time-zone-input.ts';
import { isTimeZone } from '../../../common/time/zoned-time.ts';
import { findReport } from './report.service.ts';

export interface ScheduleReportInput {
  reportId: string;
  cron: string;
  timeZone?: string | null;
  recipients: string[];
  format?: ReportFormat | null;
  idempotencyKey: string;
}

type SchedulePayload = { schedule: ReportSchedule | null; errors: UserError[] };

export const MAX_RECIPIENTS = 20;
const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;
const NOT_FOUND = userError('NOT_FOUND', 'No such schedule', ['id']);

function checkRecipients(recipients: string[]): UserError[] {
  if (recipients.length < 1 || recipients.length > MAX_RECIPIENTS) {
    return [userError('INVALID_RECIPIENTS', `Give 1 to ${MAX_RECIPIENTS} recipients`, ['recipients'])];
  }
  return recipients.flatMap((recipient, index) =>
    EMAIL.test(recipient) && recipient.length <= 254
      ? []
      : [
          userError('INVALID_EMAIL', `${recipient.slice(0, 254)} is not an email address`, [
            'recipients',
            String(index),
          ]),
        ],
  );
}

export const schedulesOf = (manager: EntityManager, reportId: string): Promise<ReportSchedule[]> =>
  manager.getRepository(ReportScheduleEntity).find({ where: { reportId }, order: { createdAt: 'ASC', id: 'ASC' } });

const findSchedule = (manager: EntityManager, id: string) =>
  isUuid(id) ? manager.getRepository(ReportScheduleEntity).findOneBy({ id }) : Promise.resolve(null);

export async function scheduleReport(
  manager: EntityManager,
  tenantId: string,
  input: ScheduleReportInput,
  now = new Date(),
): Promise<SchedulePayload> {
  const report = await findReport(manager, input.reportId);
  if (!report) return { schedule: null, errors: [userError('NOT_FOUND', 'No such report', ['reportId'])] };
  // The tenant's working day, unless the schedule names another zone.
  const timeZone = input.timeZone ?? (await timeZoneFor(manager, null, null))!;
  const cron = input.cron.trim();
  const recipients = [...new Set(input.recipients.map((recipient) => recipient.trim().toLowerCase()))];
  const errors = [
    ...timeZoneErrors(timeZone),
    ...(isTimeZone(timeZone) && !isCronExpression(cron, timeZone)
      ? [userError('INVALID_CRON', 'Give five cron fields: minute hour day-of-month month day-of-week', ['cron'])]
      : []),
    ...checkRecipients(recipients),
    ...validateIdempotencyKey(input.idempotencyKey),
  ];
  if (errors.length > 0) return { schedule: null, errors };
  const request = { reportId: report.id, cron, timeZone, recipients, format: input.format ?? 'PDF' };
  const claim = { tenantId, operation: 'scheduleReport', key: input.idempotencyKey, request };
  const outcome = await once(manager, claim, async () => {
    const saved = await manager
      .getRepository(ReportScheduleEntity)
      .save({ ...request, tenantId, paused: false, nextRunAt: nextRunAfter(cron, timeZone, now) });
    return { scheduleId: saved.id };
  });
  if ('conflict' in outcome) return { schedule: null, errors: [IDEMPOTENCY_KEY_REUSED] };
  return { schedule: await findSchedule(manager, outcome.result.scheduleId), errors: [] };
}

/** Pausing clears the next run; resuming computes it afresh from now, so missed runs are not sent. */
export async function setSchedulePaused(
  manager: EntityManager,
  id: string,
  paused: boolean,
  now = new Date(),
): Promise<SchedulePayload> {
  const schedule = await findSchedule(manager, id);
  if (!schedule) return { schedule: null, errors: [NOT_FOUND] };
  const nextRunAt = paused ? null : nextRunAfter(schedule.cron, schedule.timeZone, now);
  await manager.getRepository(ReportScheduleEntity).update({ id: schedule.id }, { paused, nextRunAt });
  return { schedule: await findSchedule(manager, schedule.id), errors: [] };
}

export async function deleteSchedule(
  manager: EntityManager,
  id: string,
): Promise<{ deletedId: string | null; errors: UserError[] }> {
  const schedule = await findSchedule(manager, id);
  if (!schedule) return { deletedId: null, errors: [NOT_FOUND] };
  await manager.getRepository(ReportScheduleEntity).delete({ id: schedule.id });
  return { deletedId: id, errors: [] };
}
