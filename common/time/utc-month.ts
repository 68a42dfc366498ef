/** Calendar months in UTC, named YYYY-MM. */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first instant of the month a YYYY-MM names; null for anything else. */
export function monthStart(month: string): Date | null {
  const match = MONTH.exec(month);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : null;
}

/** The first instant of the month after the one `start` is in. */
export const nextMonthStart = (start: Date): Date =>
  new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));

/** The YYYY-MM of the month an instant is in. */
export const monthOf = (instant: Date): string => instant.toISOString().slice(0, 7);
