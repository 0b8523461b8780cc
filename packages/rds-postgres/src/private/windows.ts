/**
 * Parsing and comparison of RDS backup (daily) and maintenance (weekly) windows.
 * Times are UTC.
 */

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** A daily window `hh24:mi-hh24:mi`, in minutes after midnight. */
export interface DailyWindow {
  readonly start: number;
  readonly end: number;
}

/** A weekly window `ddd:hh24:mi-ddd:hh24:mi`, in minutes after Sunday midnight. */
export interface WeeklyWindow {
  readonly start: number;
  readonly end: number;
}

function parseTime(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Parses `hh24:mi-hh24:mi`; undefined when malformed. */
export function parseDailyWindow(text: string): DailyWindow | undefined {
  const parts = text.split('-');
  if (parts.length !== 2) {
    return undefined;
  }
  const start = parseTime(parts[0]);
  const end = parseTime(parts[1]);
  if (start === undefined || end === undefined) {
    return undefined;
  }
  return { start, end };
}

function parseDayTime(text: string): number | undefined {
  const m = /^([A-Za-z]{3}):(.+)$/.exec(text);
  if (!m) {
    return undefined;
  }
  const day = DAYS.indexOf(m[1].toLowerCase());
  const time = parseTime(m[2]);
  if (day < 0 || time === undefined) {
    return undefined;
  }
  return day * MINUTES_PER_DAY + time;
}

/** Parses `ddd:hh24:mi-ddd:hh24:mi`; undefined when malformed. */
export function parseWeeklyWindow(text: string): WeeklyWindow | undefined {
  const parts = text.split('-');
  if (parts.length !== 2) {
    return undefined;
  }
  const start = parseDayTime(parts[0]);
  const end = parseDayTime(parts[1]);
  if (start === undefined || end === undefined) {
    return undefined;
  }
  return { start, end };
}

/** Length in minutes of a window that may wrap around midnight (or the week). */
function length(start: number, end: number, period: number): number {
  return ((end - start) % period + period) % period;
}

/** Length of a daily window in minutes. */
export function dailyLength(w: DailyWindow): number {
  return length(w.start, w.end, MINUTES_PER_DAY);
}

/** Length of a weekly window in minutes. */
export function weeklyLength(w: WeeklyWindow): number {
  return length(w.start, w.end, MINUTES_PER_WEEK);
}

/** Intervals [start, end) of the week covered by a window, split where it wraps. */
function intervals(start: number, len: number, period: number): Array<[number, number]> {
  if (start + len <= period) {
    return [[start, start + len]];
  }
  return [[start, period], [0, start + len - period]];
}

/** Whether a weekly maintenance window overlaps a daily backup window on any day. */
export function windowsOverlap(backup: DailyWindow, maintenance: WeeklyWindow): boolean {
  const maintenanceIntervals = intervals(maintenance.start, weeklyLength(maintenance), MINUTES_PER_WEEK);
  for (let day = 0; day < 7; day++) {
    const backupIntervals = intervals(day * MINUTES_PER_DAY + backup.start, dailyLength(backup), MINUTES_PER_WEEK);
    for (const [bs, be] of backupIntervals) {
      for (const [ms, me] of maintenanceIntervals) {
        if (bs < me && ms < be) {
          return true;
        }
      }
    }
  }
  return false;
}
