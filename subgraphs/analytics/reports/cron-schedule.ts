import { CronExpressionParser } from 'cron-parser';

/** Whether a five-field cron expression is valid in the time zone; only whole minutes, no seconds field. */
export function isCronExpression(cron: string, timeZone: string): boolean {
  if (cron.trim().split(/\s+/).length !== 5) return false;
  try {
    CronExpressionParser.parse(cron, { tz: timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The first time after `after` the expression is due in the time zone. */
export const nextRunAfter = (cron: string, timeZone: string, after: Date): Date =>
  CronExpressionParser.parse(cron, { tz: timeZone, currentDate: after }).next().toDate();
