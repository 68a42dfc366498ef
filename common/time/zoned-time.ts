/** Calendar dates (YYYY-MM-DD) and wall-clock times in a time zone, to and from instants. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether the name is an IANA time zone (or an alias of one) that this runtime knows. */
export function isTimeZone(name: string): boolean {
  if (name.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading in the zone at that instant, as if it were UTC (milliseconds). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** The local calendar date in the zone at that instant. */
export function localDate(instant: Date, timeZone: string): string {
  return new Date(wallClock(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 1 Monday … 7 Sunday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** The instant when the zone's clocks read `seconds` past midnight on that date. */
export function zonedInstant(date: string, seconds: number, timeZone: string): Date {
  const wanted = Date.parse(`${date}T00:00:00Z`) + seconds * 1000;
  let instant = wanted - (wallClock(wanted, timeZone) - wanted);
  // Near a daylight-saving change the first guess uses the other side's offset: correct once.
  instant += wanted - wallClock(instant, timeZone);
  return new Date(instant);
}

const HOUR_MS = 3_600_000;
const HOURS_ASKED_TOGETHER = 24;

/**
 * The local date and time, YYYY-MM-DDTHH:MM, of `count` consecutive hours from `start`. The zone is
 * asked at the ends of each day only, and hour by hour where the two disagree: a zone changes its
 * offset at most once in a day, and asking costs far more than adding.
 */
export function hourlyLocalTimes(start: Date, count: number, timeZone: string): string[] {
  const offsetAt = (instant: number) => wallClock(instant, timeZone) - instant;
  const times: string[] = [];
  for (let first = 0; first < count; first += HOURS_ASKED_TOGETHER) {
    const hours = Math.min(HOURS_ASKED_TOGETHER, count - first);
    const from = start.getTime() + first * HOUR_MS;
    const [opening, closing] = [offsetAt(from), offsetAt(from + (hours - 1) * HOUR_MS)];
    for (let hour = 0; hour < hours; hour++) {
      const instant = from + hour * HOUR_MS;
      const offset = opening === closing ? opening : offsetAt(instant);
      times.push(new Date(instant + offset).toISOString().slice(0, 16));
    }
  }
  return times;
}
