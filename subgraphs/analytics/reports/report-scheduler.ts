import type { Logger } from 'pino';
import type { Database } from '../../../common/database/database.ts';
import type { Mailer } from '../../../common/mail/mailer.ts';
import { nextRunAfter } from './cron-schedule.ts';
import type { DownloadLinks } from './download-link.ts';
import { ReportEntity } from './report.entity.ts';
import { renderReportFile } from './report-render.ts';
import { ReportScheduleEntity } from './report-schedule.entity.ts';

export interface ReportScheduler {
  /** Sends every schedule due at `now` once; answers how many were sent. */
  tick(now: Date): Promise<number>;
}

const BATCH = 50;

export function createReportScheduler(deps: {
  database: Database;
  mailer: Mailer;
  links: DownloadLinks;
  logger: Logger;
}): ReportScheduler {
  const { database, mailer, links, logger } = deps;

  /**
   * Claims one due run: the update matches only while next_run_at is still the due time read, so of
   * two instances the second waits on the row and then matches nothing. The file is rendered in the
   * same transaction; the mail goes after it commits.
   */
  const claimAndRender = (schedule: { id: string; tenant_id: string; next_run_at: Date }, now: Date) =>
    database.transaction(schedule.tenant_id, async (manager) => {
      const current = await manager.getRepository(ReportScheduleEntity).findOneBy({ id: schedule.id });
      if (!current) return null;
      const claimed: { id: string }[] = await manager.query(
        `WITH claimed AS (
           UPDATE analytics.report_schedules SET next_run_at = $3, last_run_at = $2
            WHERE id = $1 AND next_run_at = $2 AND NOT paused RETURNING id)
         SELECT id FROM claimed`,
        [schedule.id, schedule.next_run_at, nextRunAfter(current.cron, current.timeZone, now)],
      );
      if (claimed.length === 0) return null;
      const report = await manager.getRepository(ReportEntity).findOneBy({ id: current.reportId });
      const file = report && (await renderReportFile(manager, report, current.format, now));
      return file && { report, file, recipients: current.recipients };
    });

  return {
    async tick(now) {
      const due: { id: string; tenant_id: string; next_run_at: Date }[] = await database.system((manager) =>
        manager.query(
          `SELECT id, tenant_id, next_run_at FROM analytics.report_schedules
            WHERE NOT paused AND next_run_at <= $1 ORDER BY next_run_at LIMIT ${BATCH}`,
          [now],
        ),
      );
      let sent = 0;
      for (const schedule of due) {
        const run = await claimAndRender(schedule, now);
        if (!run) continue;
        const url = links.sign(run.file);
        for (const to of run.recipients) {
          await mailer.send({
            to,
            subject: `Report: ${run.report.name}`,
            text: `Your report "${run.report.name}" is ready. The link works until ${run.file.expiresAt.toISOString()}:\n\n${url}`,
          });
        }
        logger.info({ scheduleId: schedule.id, recipients: run.recipients.length }, 'scheduled report sent');
        sent++;
      }
      return sent;
    },
  };
}
