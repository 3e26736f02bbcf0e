// The documented examples of api.md ("Lifecycle settings", business hours), one by one.
import { describe, expect, it } from 'vitest';
import {
  isOpen,
  nextClosing,
  nextOpening,
  status,
  validateBusinessHours,
  type BusinessHoursDocument,
  type BusinessHoursSchedule,
} from '../../../rules/business-hours/index.js';

function schedule(
  timeZone: string,
  weekly: BusinessHoursDocument['weekly'],
  holidays: string[] = [],
): BusinessHoursSchedule {
  const result = validateBusinessHours({
    timeZone,
    weekly,
    holidays: holidays.map((date) => ({ date })),
    outsideHours: { routing: 'atOpening' },
  });
  expect(result.errors).toEqual([]);
  return result.schedule!;
}

/** status() with instants as ISO strings, for readable expectations. */
function statusAt(s: BusinessHoursSchedule | undefined, at: string) {
  const got = status(s, new Date(at));
  return {
    open: got.open,
    ...(got.nextOpenAt ? { nextOpenAt: got.nextOpenAt.toISOString() } : {}),
    ...(got.nextCloseAt ? { nextCloseAt: got.nextCloseAt.toISOString() } : {}),
  };
}

const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

describe('business hours status', () => {
  it('is always open without a document', () => {
    expect(statusAt(undefined, '2026-06-15T03:00:00Z')).toEqual({ open: true });
    expect(isOpen(undefined, new Date())).toBe(true);
    expect(nextOpening(undefined, new Date())).toBeUndefined();
    expect(nextClosing(undefined, new Date())).toBeUndefined();
  });

  it('treats [open, close) exactly at the boundaries', () => {
    // Monday 2026-06-15, Paris is UTC+2.
    const s = schedule('Europe/Paris', [{ day: 'mon', open: '09:00', close: '17:30' }]);
    expect(statusAt(s, '2026-06-15T06:59:59.999Z')).toEqual({ open: false, nextOpenAt: '2026-06-15T07:00:00.000Z' });
    expect(statusAt(s, '2026-06-15T07:00:00.000Z')).toEqual({ open: true, nextCloseAt: '2026-06-15T15:30:00.000Z' });
    expect(statusAt(s, '2026-06-15T15:29:59.999Z')).toEqual({ open: true, nextCloseAt: '2026-06-15T15:30:00.000Z' });
    expect(statusAt(s, '2026-06-15T15:30:00.000Z')).toEqual({ open: false, nextOpenAt: '2026-06-22T07:00:00.000Z' });
  });

  it('opens a wall time that does not exist the gap later: 02:30 on Paris spring-forward night opens at 03:30', () => {
    // 2026-03-29: 02:00 CET → 03:00 CEST at 01:00Z.
    const s = schedule('Europe/Paris', [{ day: 'sun', open: '02:30', close: '05:00' }]);
    expect(statusAt(s, '2026-03-29T00:45:00Z')).toEqual({ open: false, nextOpenAt: '2026-03-29T01:30:00.000Z' });
    expect(new Date('2026-03-29T01:30:00Z').toLocaleString('sv', { timeZone: 'Europe/Paris' })).toBe('2026-03-29 03:30:00');
    expect(isOpen(s, new Date('2026-03-29T01:29:59.999Z'))).toBe(false);
    expect(statusAt(s, '2026-03-29T01:30:00Z')).toEqual({ open: true, nextCloseAt: '2026-03-29T03:00:00.000Z' });
    // The next Sunday is a normal one.
    expect(statusAt(s, '2026-03-29T03:00:00Z')).toEqual({ open: false, nextOpenAt: '2026-04-05T00:30:00.000Z' });
  });

  it('moves a missing midnight forward too (Santiago skips 00:00 on 2026-09-06), and touching still merges', () => {
    const s = schedule('America/Santiago', [
      { day: 'sat', open: '20:00', close: '00:00' },
      { day: 'sun', open: '00:00', close: '08:00' },
    ]);
    // Saturday 21:00 -04 → one stretch until Sunday 08:00 -03.
    expect(statusAt(s, '2026-09-06T01:00:00Z')).toEqual({ open: true, nextCloseAt: '2026-09-06T11:00:00.000Z' });
    expect(isOpen(s, new Date('2026-09-06T04:00:00Z'))).toBe(true);
  });

  it('uses the first occurrence of a wall time that occurs twice (Paris fall-back night)', () => {
    // 2026-10-25: 03:00 CEST → 02:00 CET at 01:00Z; 02:00–03:00 happens twice.
    const opensInRepeatedHour = schedule('Europe/Paris', [{ day: 'sun', open: '02:30', close: '04:00' }]);
    expect(statusAt(opensInRepeatedHour, '2026-10-25T00:00:00Z')).toEqual({
      open: false,
      nextOpenAt: '2026-10-25T00:30:00.000Z', // 02:30 CEST, the first 02:30
    });
    expect(statusAt(opensInRepeatedHour, '2026-10-25T00:30:00Z')).toEqual({
      open: true,
      nextCloseAt: '2026-10-25T03:00:00.000Z', // 04:00 CET
    });

    const closesInRepeatedHour = schedule('Europe/Paris', [{ day: 'sat', open: '23:00', close: '02:30' }]);
    expect(statusAt(closesInRepeatedHour, '2026-10-25T00:00:00Z')).toEqual({
      open: true,
      nextCloseAt: '2026-10-25T00:30:00.000Z', // the first 02:30
    });
    // The second 02:15 (01:15Z) is after the first 02:30: closed.
    expect(isOpen(closesInRepeatedHour, new Date('2026-10-25T01:15:00Z'))).toBe(false);
  });

  it('handles split shifts', () => {
    // Monday 2026-06-15, New York is UTC−4.
    const s = schedule('America/New_York', [
      { day: 'mon', open: '14:00', close: '18:00' },
      { day: 'mon', open: '09:00', close: '12:00' },
    ]);
    expect(statusAt(s, '2026-06-15T15:59:59Z')).toEqual({ open: true, nextCloseAt: '2026-06-15T16:00:00.000Z' });
    expect(statusAt(s, '2026-06-15T16:00:00Z')).toEqual({ open: false, nextOpenAt: '2026-06-15T18:00:00.000Z' });
    expect(statusAt(s, '2026-06-15T22:00:00Z')).toEqual({ open: false, nextOpenAt: '2026-06-22T13:00:00.000Z' });
    expect(nextOpening(s, new Date('2026-06-15T14:00:00Z'))?.toISOString()).toBe('2026-06-15T18:00:00.000Z');
    expect(nextClosing(s, new Date('2026-06-15T17:00:00Z'))?.toISOString()).toBe('2026-06-15T22:00:00.000Z');
  });

  it('runs an interval with close ≤ open past midnight', () => {
    // Friday 2026-06-19 22:00 → Saturday 02:00, Paris (UTC+2).
    const s = schedule('Europe/Paris', [{ day: 'fri', open: '22:00', close: '02:00' }]);
    expect(statusAt(s, '2026-06-19T19:59:00Z')).toEqual({ open: false, nextOpenAt: '2026-06-19T20:00:00.000Z' });
    expect(statusAt(s, '2026-06-19T23:00:00Z')).toEqual({ open: true, nextCloseAt: '2026-06-20T00:00:00.000Z' });
    expect(statusAt(s, '2026-06-20T00:00:00Z')).toEqual({ open: false, nextOpenAt: '2026-06-26T20:00:00.000Z' });
  });

  it('merges touching intervals into one open stretch, within a day and across midnight', () => {
    const sameDay = schedule('Europe/Paris', [
      { day: 'mon', open: '09:00', close: '12:00' },
      { day: 'mon', open: '12:00', close: '17:00' },
    ]);
    expect(statusAt(sameDay, '2026-06-15T08:00:00Z')).toEqual({ open: true, nextCloseAt: '2026-06-15T15:00:00.000Z' });
    expect(isOpen(sameDay, new Date('2026-06-15T10:00:00Z'))).toBe(true);

    const acrossMidnight = schedule('Europe/Paris', [
      { day: 'sun', open: '20:00', close: '00:00' },
      { day: 'mon', open: '00:00', close: '03:00' },
    ]);
    // Sunday 2026-06-14 21:00 → one stretch until Monday 03:00.
    expect(statusAt(acrossMidnight, '2026-06-14T19:00:00Z')).toEqual({
      open: true,
      nextCloseAt: '2026-06-15T01:00:00.000Z',
    });
    expect(isOpen(acrossMidnight, new Date('2026-06-14T22:00:00Z'))).toBe(true);
    expect(nextOpening(acrossMidnight, new Date('2026-06-14T19:00:00Z'))?.toISOString()).toBe('2026-06-21T18:00:00.000Z');
  });

  describe('holidays', () => {
    // Friday 2026-12-25 and Saturday 2026-12-26; Paris is UTC+1.
    const weekly: BusinessHoursDocument['weekly'] = [
      { day: 'fri', open: '22:00', close: '02:00' },
      { day: 'sat', open: '10:00', close: '12:00' },
    ];

    it('remove the intervals starting that day, their part past midnight included', () => {
      const s = schedule('Europe/Paris', weekly, ['2026-12-25']);
      expect(statusAt(s, '2026-12-25T20:00:00Z')).toEqual({ open: false, nextOpenAt: '2026-12-26T09:00:00.000Z' });
      expect(isOpen(s, new Date('2026-12-26T00:30:00Z'))).toBe(false);
    });

    it('let an interval that started the day before run to its end', () => {
      const s = schedule('Europe/Paris', weekly, ['2026-12-26']);
      expect(statusAt(s, '2026-12-26T00:00:00Z')).toEqual({ open: true, nextCloseAt: '2026-12-26T01:00:00.000Z' });
      // Saturday 10:00 is removed; the next opening is Friday 2027-01-01 22:00.
      expect(statusAt(s, '2026-12-26T01:00:00Z')).toEqual({ open: false, nextOpenAt: '2027-01-01T21:00:00.000Z' });
    });
  });

  it('never closes when touching intervals cover the whole week (nextCloseAt absent), even across DST', () => {
    const allWeek = EVERY_DAY.flatMap((day) => [
      { day, open: '00:00', close: '12:00' },
      { day, open: '12:00', close: '00:00' },
    ]);
    const s = schedule('Europe/Paris', allWeek);
    expect(statusAt(s, '2026-06-15T10:00:00Z')).toEqual({ open: true });
    expect(statusAt(s, '2026-03-29T01:00:00Z')).toEqual({ open: true });
    expect(statusAt(s, '2026-10-25T01:30:00Z')).toEqual({ open: true });
    expect(nextOpening(s, new Date('2026-06-15T10:00:00Z'))).toBeUndefined();

    // A holiday closes it for the intervals starting that day.
    const withChristmas = schedule('Europe/Paris', allWeek, ['2026-12-25']);
    expect(statusAt(withChristmas, '2026-12-01T10:00:00Z')).toEqual({
      open: true,
      nextCloseAt: '2026-12-24T23:00:00.000Z',
    });
    expect(nextOpening(withChristmas, new Date('2026-12-01T10:00:00Z'))?.toISOString()).toBe('2026-12-25T23:00:00.000Z');
    expect(statusAt(withChristmas, '2026-12-25T12:00:00Z')).toEqual({
      open: false,
      nextOpenAt: '2026-12-25T23:00:00.000Z',
    });
    expect(statusAt(withChristmas, '2026-12-26T12:00:00Z')).toEqual({ open: true });
  });

  it('never opens with no weekly interval', () => {
    const s = schedule('Europe/Paris', []);
    expect(statusAt(s, '2026-06-15T10:00:00Z')).toEqual({ open: false });
  });

  it('is open round the clock with 00:00–00:00 every day (close = open is 24 hours)', () => {
    const s = schedule('Europe/Paris', EVERY_DAY.map((day) => ({ day, open: '00:00', close: '00:00' })));
    expect(statusAt(s, '2026-06-15T03:00:00Z')).toEqual({ open: true });
    expect(statusAt(s, '2026-03-29T01:30:00Z')).toEqual({ open: true });
    expect(nextOpening(s, new Date('2026-06-15T03:00:00Z'))).toBeUndefined();
  });

  it('keeps a lone 24-hour interval open until the same time the next day', () => {
    // Wednesday 2026-06-17, Paris is UTC+2.
    const s = schedule('Europe/Paris', [{ day: 'wed', open: '09:00', close: '09:00' }]);
    expect(statusAt(s, '2026-06-18T06:59:00Z')).toEqual({ open: true, nextCloseAt: '2026-06-18T07:00:00.000Z' });
    expect(statusAt(s, '2026-06-18T07:00:00Z')).toEqual({ open: false, nextOpenAt: '2026-06-24T07:00:00.000Z' });
  });

  it('rejects an invalid instant', () => {
    expect(() => status(schedule('Europe/Paris', []), new Date('nope'))).toThrow(RangeError);
  });
});
