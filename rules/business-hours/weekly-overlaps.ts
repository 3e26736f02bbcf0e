// Overlaps between weekly intervals, on the week seen as a circle (Sunday night runs into Monday).
import { WEEKDAYS, type WeeklyInterval } from './types.js';

const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;

/** Minutes from Monday 00:00 to the opening, and the interval's length (1–1440 minutes). */
export function weekPosition(interval: WeeklyInterval): { start: number; end: number } {
  const start = WEEKDAYS.indexOf(interval.day) * DAY_MINUTES + interval.openMinute;
  const length =
    interval.closeMinute > interval.openMinute
      ? interval.closeMinute - interval.openMinute
      : interval.closeMinute + DAY_MINUTES - interval.openMinute;
  return { start, end: start + length };
}

export function weeklyIntervalsOverlap(a: WeeklyInterval, b: WeeklyInterval): boolean {
  const pa = weekPosition(a);
  const pb = weekPosition(b);
  return [-WEEK_MINUTES, 0, WEEK_MINUTES].some(
    (shift) => Math.max(pa.start, pb.start + shift) < Math.min(pa.end, pb.end + shift),
  );
}

/** Pairs of indexes `[i, j]`, i < j, of intervals that overlap. */
export function overlappingPairs(intervals: readonly WeeklyInterval[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < intervals.length; i++) {
    for (let j = i + 1; j < intervals.length; j++) {
      if (weeklyIntervalsOverlap(intervals[i], intervals[j])) pairs.push([i, j]);
    }
  }
  return pairs;
}
