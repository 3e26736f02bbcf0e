// Is a channel open at an instant, and when does that change? (api.md, `GET …/business-hours/status`)
import type { BusinessHoursSchedule, BusinessHoursStatus } from './types.js';
import { openIntervals, openStretches, type Stretch } from './open-stretches.js';
import { dayNumberOfIsoDate, localDayOf, zoneNamed } from './wall-time.js';

/**
 * Days looked at past the later of the instant's date and the last holiday. After the last
 * holiday the weekly pattern repeats; a gap in it shows within a week, and a DST jump (at most
 * one in three weeks) can hide it only once. So a stretch still open this far ahead never
 * closes, and a closed channel with no opening this far ahead never opens (no weekly interval).
 */
const DAYS_AHEAD = 22;

interface Transitions {
  open: boolean;
  nextCloseAt?: number;
  /** Computed on demand: while open it may lie far ahead (the stretch after this one). */
  nextOpenAt(): number | undefined;
}

/** Without a document a channel is always open. */
export function status(schedule: BusinessHoursSchedule | undefined, at: Date): BusinessHoursStatus {
  const t = transitions(schedule, at);
  if (t.open) return t.nextCloseAt === undefined ? { open: true } : { open: true, nextCloseAt: new Date(t.nextCloseAt) };
  const nextOpenAt = t.nextOpenAt();
  return nextOpenAt === undefined ? { open: false } : { open: false, nextOpenAt: new Date(nextOpenAt) };
}

export function isOpen(schedule: BusinessHoursSchedule | undefined, at: Date): boolean {
  const ms = instantOf(at);
  if (!schedule) return true;
  // No need to find where the stretch ends: look for an interval holding `ms`.
  const zone = zoneNamed(schedule.timeZone);
  const day = localDayOf(zone, ms);
  for (const interval of openIntervals(schedule, zone, day - 2, day)) {
    if (interval.start <= ms && ms < interval.end) return true;
  }
  return false;
}

/** The next instant strictly after `at` at which the channel opens (closed → open); undefined if none. */
export function nextOpening(schedule: BusinessHoursSchedule | undefined, at: Date): Date | undefined {
  const nextOpenAt = transitions(schedule, at).nextOpenAt();
  return nextOpenAt === undefined ? undefined : new Date(nextOpenAt);
}

/** The next instant strictly after `at` at which the channel closes (open → closed); undefined if none. */
export function nextClosing(schedule: BusinessHoursSchedule | undefined, at: Date): Date | undefined {
  const { nextCloseAt } = transitions(schedule, at);
  return nextCloseAt === undefined ? undefined : new Date(nextCloseAt);
}

function transitions(schedule: BusinessHoursSchedule | undefined, at: Date): Transitions {
  const ms = instantOf(at);
  if (!schedule) return { open: true, nextOpenAt: () => undefined };

  const zone = zoneNamed(schedule.timeZone);
  const day = localDayOf(zone, ms);
  const lastHoliday = schedule.holidays.length > 0 ? dayNumberOfIsoDate(schedule.holidays[schedule.holidays.length - 1]) : day;
  // Intervals reach at most into the next local day, so two days back covers any open at `ms`.
  const stretches = openStretches(schedule, zone, day - 2, Math.max(day, lastHoliday) + DAYS_AHEAD);

  // The first stretch that ends after `ms`: it holds `ms`, or comes next.
  // (Iterated by hand: `break` out of for…of would close the generator.)
  let current: Stretch | undefined;
  for (let step = stretches.next(); !step.done; step = stretches.next()) {
    if (step.value.end > ms) {
      current = step.value;
      break;
    }
  }
  if (!current) return { open: false, nextOpenAt: () => undefined };

  const { start, end, runsOn } = current;
  const nextCloseAt = runsOn ? undefined : end;
  if (start > ms) return { open: false, nextCloseAt, nextOpenAt: () => start };
  return {
    open: true,
    nextCloseAt,
    nextOpenAt: () => {
      if (runsOn) return undefined;
      const following = stretches.next();
      return following.done ? undefined : following.value.start;
    },
  };
}

function instantOf(at: Date): number {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('business hours: invalid instant');
  return ms;
}
