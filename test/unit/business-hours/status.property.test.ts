// Property tests: the business-hours module against the plain reference in reference.ts, over
// random schedules in zones with DST and instants biased towards DST transitions.
import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  isOpen,
  nextClosing,
  nextOpening,
  status,
  validateBusinessHours,
  type BusinessHoursSchedule,
} from '../../../rules/business-hours/index.js';
import { dayNumberOfIsoDate, wallClockOf, wallTimeToInstant } from '../../../rules/business-hours/wall-time.js';
import {
  documentOf,
  holidayDates,
  holidayOffsetsArb,
  instantArb,
  TRANSITIONS,
  weeklyArb,
  zoneArb,
  type WeeklyItem,
} from './arbitraries.js';
import { referenceInstant, referenceStatus } from './reference.js';

const caseArb = zoneArb.chain((zone) =>
  fc.record({
    zone: fc.constant(zone),
    at: instantArb(zone),
    weekly: weeklyArb,
    holidayOffsets: holidayOffsetsArb,
  }),
);

function scheduleOf(c: { zone: string; at: number; weekly: WeeklyItem[]; holidayOffsets: number[] }) {
  const doc = documentOf(c.zone, c.weekly, holidayDates(c.zone, c.at, c.holidayOffsets));
  const result = validateBusinessHours(doc);
  expect(result.errors).toEqual([]);
  return result.schedule!;
}

const ms = (d: Date | undefined) => d?.getTime();

function expectAgreement(schedule: BusinessHoursSchedule, at: number) {
  const ref = referenceStatus(schedule, at);
  const when = new Date(at);
  const got = status(schedule, when);
  expect({ open: got.open, nextOpenAt: ms(got.nextOpenAt), nextCloseAt: ms(got.nextCloseAt) }).toEqual({
    open: ref.open,
    nextOpenAt: ref.open ? undefined : ref.nextOpenAt,
    nextCloseAt: ref.open ? ref.nextCloseAt : undefined,
  });
  expect(isOpen(schedule, when)).toBe(ref.open);
  expect(ms(nextOpening(schedule, when))).toBe(ref.nextOpenAt);
  expect(ms(nextClosing(schedule, when))).toBe(ref.nextCloseAt);
  return ref;
}

const PROPERTY_RUNS = { wallTime: 2000, status: 300, boundaries: 100, validation: 500 };

describe('business hours, property-based', () => {
  it('maps wall times like the reference near DST transitions (first occurrence; gaps move forward)', () => {
    fc.assert(
      fc.property(
        zoneArb.chain((zone) => fc.tuple(fc.constant(zone), fc.constantFrom(...TRANSITIONS[zone]))),
        fc.integer({ min: -1, max: 1 }),
        fc.integer({ min: 0, max: 1439 }),
        ([zone, transition], dayShift, minute) => {
          const iso = new Date(transition).toISOString().slice(0, 10);
          const day = dayNumberOfIsoDate(iso) + dayShift;
          const date = new Date(day * 86_400_000);
          const local = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
          const expected = referenceInstant(zone, local, minute);
          expect(wallTimeToInstant(IANAZone.create(zone), day, minute)).toBe(expected);
          expect(wallClockOf(IANAZone.create(zone))(day, minute)).toBe(expected);
        },
      ),
      { numRuns: PROPERTY_RUNS.wallTime },
    );
  });

  it('agrees with the reference on isOpen / nextOpening / nextClosing / status', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        expectAgreement(scheduleOf(c), c.at);
      }),
      { numRuns: PROPERTY_RUNS.status },
    );
  });

  it('is exact at the boundaries it announces: open at nextOpenAt, closed at nextCloseAt, not 1 ms before', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const schedule = scheduleOf(c);
        const ref = expectAgreement(schedule, c.at);
        for (const boundary of [ref.nextOpenAt, ref.nextCloseAt]) {
          if (boundary === undefined) continue;
          expectAgreement(schedule, boundary);
          expectAgreement(schedule, boundary - 1);
        }
        if (ref.nextOpenAt !== undefined) {
          expect(isOpen(schedule, new Date(ref.nextOpenAt))).toBe(true);
          expect(isOpen(schedule, new Date(ref.nextOpenAt - 1))).toBe(false);
        }
        if (ref.nextCloseAt !== undefined) {
          expect(isOpen(schedule, new Date(ref.nextCloseAt))).toBe(false);
          expect(isOpen(schedule, new Date(ref.nextCloseAt - 1))).toBe(true);
        }
      }),
      { numRuns: PROPERTY_RUNS.boundaries },
    );
  });

  it('reports an overlap exactly when two weekly intervals share a minute of the week', () => {
    const item = fc.record({
      day: fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'),
      open: fc.integer({ min: 0, max: 47 }).map((h) => h * 30),
      close: fc.integer({ min: 0, max: 47 }).map((h) => h * 30),
    }).filter((i) => i.open !== i.close);
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 4 }), (items) => {
        const week = new Array<number>(7 * 48).fill(0);
        for (const i of items) {
          const start = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(i.day) * 48 + i.open / 30;
          const length = i.close > i.open ? (i.close - i.open) / 30 : 48 - (i.open - i.close) / 30;
          for (let k = 0; k < length; k++) week[(start + k) % week.length]++;
        }
        const hh = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const result = validateBusinessHours({
          timeZone: 'Europe/Paris',
          weekly: items.map((i) => ({ day: i.day, open: hh(i.open), close: hh(i.close) })),
          holidays: [],
          outsideHours: { routing: 'immediately' },
        });
        const overlapping = week.some((n) => n > 1);
        expect(result.valid).toBe(!overlapping);
        expect(result.errors.every((e) => e.message.includes(' overlaps '))).toBe(true);
      }),
      { numRuns: PROPERTY_RUNS.validation },
    );
  });
});
