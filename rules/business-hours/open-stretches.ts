// The concrete open intervals of a schedule, day by day, and the open stretches they make.
import type { IANAZone } from 'luxon';
import { WEEKDAYS, type BusinessHoursSchedule, type WeeklyInterval } from './types.js';
import { dayNumberOfIsoDate, wallClockOf, wallTimeToInstant, weekdayIndexOf, type DayNumber } from './wall-time.js';

/** [start, end) in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

export interface Stretch extends Span {
  /** The stretch was still open at the end of the days looked at: its end is unknown. */
  runsOn: boolean;
}

/**
 * The non-empty open intervals of the weekly intervals that start on local dates `fromDay` to
 * `toDay` (inclusive), holidays removed, in order of start. A holiday removes the intervals that
 * start on it, their part past midnight included; an interval of the day before runs to its end.
 * An interval can be empty only when both ends fall in the same spring-forward gap.
 */
export function* openIntervals(
  schedule: BusinessHoursSchedule,
  zone: IANAZone,
  fromDay: DayNumber,
  toDay: DayNumber,
): Generator<Span> {
  const byWeekday: WeeklyInterval[][] = WEEKDAYS.map((day) =>
    schedule.weekly.filter((interval) => interval.day === day).sort((a, b) => a.openMinute - b.openMinute),
  );
  const holidays = new Set(schedule.holidays.map(dayNumberOfIsoDate));
  const instantOf = wallClockOf(zone);
  for (let day = fromDay; day <= toDay; day++) {
    if (holidays.has(day)) continue;
    for (const interval of byWeekday[weekdayIndexOf(day)]) {
      const start = instantOf(day, interval.openMinute);
      const closeDay = interval.closeMinute <= interval.openMinute ? day + 1 : day;
      const end = instantOf(closeDay, interval.closeMinute);
      if (end > start) yield { start, end };
    }
  }
}

/**
 * Open stretches: intervals that touch (one closes when the next opens) merged into one.
 * Validated intervals never overlap, and the wall-time mapping never reorders them, so each
 * interval starts at or after the previous one's end.
 */
export function* openStretches(
  schedule: BusinessHoursSchedule,
  zone: IANAZone,
  fromDay: DayNumber,
  toDay: DayNumber,
): Generator<Stretch> {
  let current: Span | undefined;
  for (const interval of openIntervals(schedule, zone, fromDay, toDay)) {
    if (current && interval.start <= current.end) {
      current.end = Math.max(current.end, interval.end);
      continue;
    }
    if (current) yield { ...current, runsOn: false };
    current = { ...interval };
  }
  if (current) {
    // Only a stretch that reaches the last day may go on with intervals of the days after it.
    yield { ...current, runsOn: current.end >= wallTimeToInstant(zone, toDay, 0) };
  }
}
