// fast-check generators for business-hours property tests: zones with DST, instants biased
// towards DST transitions, and weekly schedules made of cut points on the week (touching
// intervals, past-midnight intervals and 24/7 weeks come out naturally).
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { WEEKDAYS, type BusinessHoursDocument } from '../../../rules/business-hours/index.js';

export const DST_ZONES = [
  'Europe/Paris',
  'America/New_York',
  'Australia/Sydney',
  'America/Santiago', // jumps at midnight: 00:00 does not exist on spring-forward day
  'Pacific/Auckland',
  'Australia/Lord_Howe', // half-hour DST
] as const;

const MINUTE = 60_000;
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2028, 0, 1);

/** Instants at which each zone's offset changes, 2025–2027. */
export const TRANSITIONS: Record<string, number[]> = Object.fromEntries(
  DST_ZONES.map((name) => {
    const zone = IANAZone.create(name);
    const found: number[] = [];
    const step = 6 * 60 * MINUTE;
    for (let t = FROM; t < TO; t += step) {
      if (zone.offset(t) === zone.offset(t + step)) continue;
      let lo = t; // offset(lo) is the old one, offset(hi) the new one
      let hi = t + step;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
        if (zone.offset(mid) === zone.offset(t)) lo = mid;
        else hi = mid;
      }
      found.push(hi);
    }
    return [name, found];
  }),
);

export const zoneArb = fc.constantFrom(...DST_ZONES);

/** An instant: mostly within hours or days of a DST transition of `zone`, sometimes anywhere. */
export function instantArb(zone: string): fc.Arbitrary<number> {
  const transitions = TRANSITIONS[zone];
  const near = fc
    .tuple(
      fc.constantFrom(...transitions),
      fc.oneof(fc.integer({ min: -240, max: 240 }), fc.integer({ min: -4 * 1440, max: 4 * 1440 })),
      fc.constantFrom(0, 0, 0, -1, 1, 30_000),
    )
    .map(([t, minutes, ms]) => t + minutes * MINUTE + ms);
  const anywhere = fc.integer({ min: FROM / MINUTE, max: TO / MINUTE - 1 }).map((m) => m * MINUTE);
  return fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: anywhere });
}

/** Wall times, biased to the hours where clocks jump and to midnight. */
const minuteOfDayArb = fc.oneof(
  fc.constantFrom(0, 30, 60, 90, 120, 150, 180, 210, 240, 1380, 1410),
  fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
);

const pad = (n: number) => String(n).padStart(2, '0');
export const hhmm = (minute: number) => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;

export type WeeklyItem = BusinessHoursDocument['weekly'][number];

/** Cuts on the week (minutes from Monday 00:00); each piece between cuts open or closed. */
export const weeklyArb: fc.Arbitrary<WeeklyItem[]> = fc
  .tuple(
    fc.uniqueArray(
      fc.tuple(fc.integer({ min: 0, max: 6 }), minuteOfDayArb).map(([day, minute]) => day * 1440 + minute),
      { minLength: 1, maxLength: 12 },
    ),
    fc.oneof(
      { weight: 5, arbitrary: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }) },
      { weight: 1, arbitrary: fc.constant(Array<boolean>(12).fill(true)) },
    ),
  )
  .map(([cuts, openFlags]) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const items: WeeklyItem[] = [];
    sorted.forEach((start, i) => {
      if (!openFlags[i]) return;
      const end = i + 1 < sorted.length ? sorted[i + 1] : sorted[0] + 7 * 1440;
      // Split pieces of a day or more into intervals shorter than a day.
      const pieces = Math.ceil((end - start) / 1400);
      const bounds = Array.from({ length: pieces + 1 }, (_, k) => start + Math.round(((end - start) * k) / pieces));
      for (let k = 0; k < pieces; k++) {
        const s = bounds[k];
        const e = bounds[k + 1];
        items.push({ day: WEEKDAYS[Math.floor(s / 1440) % 7], open: hhmm(s % 1440), close: hhmm(e % 1440) });
      }
    });
    return items;
  })
  .chain((items) => fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }));

/** Holidays as day offsets from the instant's local date. */
export const holidayOffsetsArb = fc.uniqueArray(fc.integer({ min: -3, max: 10 }), { maxLength: 4 });

export function holidayDates(zone: string, at: number, offsets: number[]): string[] {
  const local = DateTime.fromMillis(at, { zone });
  const day = DateTime.utc(local.year, local.month, local.day);
  return offsets.map((k) => day.plus({ days: k }).toISODate()!);
}

export function documentOf(zone: string, weekly: WeeklyItem[], holidays: string[]): BusinessHoursDocument {
  return {
    timeZone: zone,
    weekly,
    holidays: holidays.map((date) => ({ date })),
    outsideHours: { routing: 'atOpening' },
  };
}
