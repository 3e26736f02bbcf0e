// A deliberately plain reference for the business-hours rules of api.md, for property tests:
// enumerate each local day's concrete intervals with luxon DateTime objects, apply the DST rules
// by looking at the clock around each instant, then scan. Slow and obvious on purpose.
import { DateTime, FixedOffsetZone } from 'luxon';
import type { BusinessHoursSchedule } from '../../../rules/business-hours/index.js';

const WEEKDAY_NUMBER = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
const MINUTE = 60_000;

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const sameWall = (a: DateTime, wall: LocalDate & { hour: number; minute: number }) =>
  a.year === wall.year && a.month === wall.month && a.day === wall.day && a.hour === wall.hour && a.minute === wall.minute;

/** api.md: a repeated wall time means its first occurrence; a missing one moves forward by the gap. */
const cache = new Map<string, number>();

export function referenceInstant(zone: string, date: LocalDate, minuteOfDay: number): number {
  const key = `${zone} ${date.year}-${date.month}-${date.day} ${minuteOfDay}`;
  let instant = cache.get(key);
  if (instant === undefined) {
    instant = computeInstant(zone, date, minuteOfDay);
    if (cache.size > 200_000) cache.clear();
    cache.set(key, instant);
  }
  return instant;
}

function computeInstant(zone: string, date: LocalDate, minuteOfDay: number): number {
  const wall = { year: date.year, month: date.month, day: date.day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 };
  const dt = DateTime.fromObject(wall, { zone });
  const t = dt.toMillis();
  if (!sameWall(DateTime.fromMillis(t, { zone }), wall)) {
    // Does not exist: read it with the offset in force a few hours before, i.e. before the jump.
    const before = DateTime.fromMillis(t - 6 * 60 * MINUTE, { zone }).offset;
    return DateTime.fromObject(wall, { zone: FixedOffsetZone.instance(before) }).toMillis();
  }
  // Exists: walk back in quarter hours; an earlier instant showing the same wall time wins.
  // (Only worth it when the offset changed within the last three hours.)
  let first = t;
  if (DateTime.fromMillis(t - 3 * 60 * MINUTE, { zone }).offset === dt.offset) return t;
  for (let k = 1; k <= 12; k++) {
    const earlier = t - k * 15 * MINUTE;
    if (sameWall(DateTime.fromMillis(earlier, { zone }), wall)) first = earlier;
  }
  return first;
}

export interface ReferenceAnswer {
  open: boolean;
  nextOpenAt?: number;
  nextCloseAt?: number;
}

/**
 * Every concrete interval starting on local dates from 3 days before `at` to `daysAhead` days
 * after the later of `at` and the last holiday; a stretch that reaches the last day is taken to
 * go on forever.
 */
export function referenceStatus(schedule: BusinessHoursSchedule, at: number, daysAhead = 30): ReferenceAnswer {
  const zone = schedule.timeZone;
  const atLocal = DateTime.fromMillis(at, { zone });
  const firstDay = DateTime.utc(atLocal.year, atLocal.month, atLocal.day).minus({ days: 3 });
  const lastHoliday = schedule.holidays.length
    ? DateTime.fromISO(schedule.holidays[schedule.holidays.length - 1], { zone: 'utc' })
    : firstDay;
  const base = DateTime.max(DateTime.utc(atLocal.year, atLocal.month, atLocal.day), lastHoliday);
  const lastDay = base.plus({ days: daysAhead });

  const intervals: { start: number; end: number }[] = [];
  for (let d = firstDay; d <= lastDay; d = d.plus({ days: 1 })) {
    if (schedule.holidays.includes(d.toISODate()!)) continue;
    for (const w of schedule.weekly) {
      if (WEEKDAY_NUMBER[w.day] !== d.weekday) continue;
      const closeDay = w.closeMinute <= w.openMinute ? d.plus({ days: 1 }) : d;
      const start = referenceInstant(zone, d, w.openMinute);
      const end = referenceInstant(zone, closeDay, w.closeMinute);
      if (end > start) intervals.push({ start, end });
    }
  }
  intervals.sort((a, b) => a.start - b.start);

  const open = intervals.some((i) => i.start <= at && at < i.end);

  const stretches: { start: number; end: number }[] = [];
  for (const i of intervals) {
    const last = stretches[stretches.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else stretches.push({ ...i });
  }
  const horizon = referenceInstant(zone, lastDay, 0);
  const closing = stretches.find((s) => s.end > at);
  const opening = stretches.find((s) => s.start > at);
  return {
    open,
    nextCloseAt: closing && closing.end < horizon ? closing.end : undefined,
    nextOpenAt: opening?.start,
  };
}
