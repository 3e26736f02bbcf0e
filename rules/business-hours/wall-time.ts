// Local wall times ↔ instants in an IANA zone, with the DST rules of api.md: a wall time that
// occurs twice means its first occurrence; one that does not exist moves forward by the gap.
// Zone offsets always come from luxon; only calendar arithmetic (days, minutes) is done here.
import { IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A local calendar date as a count of days since 1970-01-01. */
export type DayNumber = number;

export function zoneNamed(timeZone: string): IANAZone {
  return IANAZone.create(timeZone);
}

/** `YYYY-MM-DD` → day number (the date must be valid). */
export function dayNumberOfIsoDate(isoDate: string): DayNumber {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** Day number → `YYYY-MM-DD`. */
export function isoDateOfDayNumber(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndexOf(day: DayNumber): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The local date, in `zone`, of the instant `ms`. */
export function localDayOf(zone: IANAZone, ms: number): DayNumber {
  return Math.floor((ms + zone.offset(ms) * MINUTE_MS) / DAY_MS);
}

/**
 * The instant (epoch ms) of wall time `minute` (0–1439) on local date `day` in `zone`.
 * Ambiguous (clocks went back): the earlier instant. Non-existent (clocks went forward): read
 * with the offset in force before the jump, which lands it the gap's length later
 * (02:30 on Paris's spring-forward night → 03:30 CEST).
 */
export function wallTimeToInstant(zone: IANAZone, day: DayNumber, minute: number): number {
  const wallAsUtc = day * DAY_MS + minute * MINUTE_MS;
  // Real offsets stay within ±14 h, so any transition near this wall time lies between these.
  const offsetBefore = zone.offset(wallAsUtc - DAY_MS);
  const offsetAfter = zone.offset(wallAsUtc + DAY_MS);
  let first: number | undefined;
  for (const offset of offsetBefore === offsetAfter ? [offsetBefore] : [offsetBefore, offsetAfter]) {
    const candidate = wallAsUtc - offset * MINUTE_MS;
    if (zone.offset(candidate) === offset && (first === undefined || candidate < first)) first = candidate;
  }
  return first ?? wallAsUtc - offsetBefore * MINUTE_MS;
}

/**
 * `wallTimeToInstant` for many wall times of one zone, faster: a local day whose offset is the
 * same a day before and two days after has no transition, and its wall times map directly.
 */
export function wallClockOf(zone: IANAZone): (day: DayNumber, minute: number) => number {
  const steadyOffsets = new Map<DayNumber, number | undefined>();
  return (day, minute) => {
    if (!steadyOffsets.has(day)) {
      const before = zone.offset(day * DAY_MS - DAY_MS);
      const after = zone.offset(day * DAY_MS + 2 * DAY_MS);
      steadyOffsets.set(day, before === after ? before : undefined);
    }
    const steady = steadyOffsets.get(day);
    return steady === undefined
      ? wallTimeToInstant(zone, day, minute)
      : day * DAY_MS + minute * MINUTE_MS - steady * MINUTE_MS;
  };
}
