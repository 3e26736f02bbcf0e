// Validation of the business-hours document: every error names its field and interval.
import { describe, expect, it } from 'vitest';
import { validateBusinessHours } from '../../../rules/business-hours/index.js';

const base = {
  timeZone: 'Europe/Paris',
  weekly: [{ day: 'mon', open: '09:00', close: '17:30' }],
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
  outsideHours: { messageText: 'We are closed', routing: 'atOpening' },
};

const errorsOf = (doc: unknown) => validateBusinessHours(doc).errors;

describe('validateBusinessHours', () => {
  it('accepts the documented shape and normalizes it to a schedule', () => {
    const result = validateBusinessHours({
      ...base,
      weekly: [
        { day: 'tue', open: '22:00', close: '02:00' },
        { day: 'mon', open: '14:00', close: '18:00' },
        { day: 'mon', open: '09:00', close: '12:00' },
      ],
      holidays: [{ date: '2026-12-25' }, { date: '2026-01-01' }, { date: '2026-12-25' }],
    });
    expect(result).toEqual({
      valid: true,
      errors: [],
      schedule: {
        timeZone: 'Europe/Paris',
        weekly: [
          { day: 'mon', openMinute: 540, closeMinute: 720 },
          { day: 'mon', openMinute: 840, closeMinute: 1080 },
          { day: 'tue', openMinute: 1320, closeMinute: 120 },
        ],
        holidays: ['2026-01-01', '2026-12-25'],
        outsideHours: { messageText: 'We are closed', routing: 'atOpening' },
      },
    });
    // A schedule is plain JSON (it travels as workflow input).
    expect(JSON.parse(JSON.stringify(result.schedule))).toEqual(result.schedule);
  });

  it('rejects an unknown time zone', () => {
    expect(errorsOf({ ...base, timeZone: 'Europe/Pariss' })).toEqual([
      { path: 'timeZone', message: 'unknown time zone "Europe/Pariss"' },
    ]);
  });

  it('rejects malformed HH:MM times and unknown days', () => {
    const errors = errorsOf({
      ...base,
      weekly: [
        { day: 'mon', open: '9:00', close: '17:00' },
        { day: 'monday', open: '09:00', close: '24:00' },
        { day: 'tue', open: '12:60', close: 1700 },
      ],
    });
    expect(errors.map((e) => e.path)).toEqual([
      'weekly[0].open',
      'weekly[1].day',
      'weekly[1].close',
      'weekly[2].open',
      'weekly[2].close',
    ]);
    expect(errors[0].message).toContain('"9:00"');
    expect(errors[1].message).toContain('"monday"');
  });

  it('accepts close equal to open as a 24-hour interval (past midnight), not zero length', () => {
    const result = validateBusinessHours({ ...base, weekly: [{ day: 'wed', open: '09:00', close: '09:00' }] });
    expect(result.errors).toEqual([]);
    expect(result.schedule?.weekly).toEqual([{ day: 'wed', openMinute: 540, closeMinute: 540 }]);
  });

  it('refuses a 24-hour interval that overlaps the next day', () => {
    expect(
      errorsOf({ ...base, weekly: [{ day: 'wed', open: '09:00', close: '09:00' }, { day: 'thu', open: '08:00', close: '10:00' }] }),
    ).toEqual([{ path: 'weekly[1]', message: 'weekly[0] (wed 09:00–09:00) overlaps weekly[1] (thu 08:00–10:00)' }]);
  });

  it('rejects overlapping intervals, naming both', () => {
    expect(
      errorsOf({
        ...base,
        weekly: [
          { day: 'mon', open: '09:00', close: '12:00' },
          { day: 'mon', open: '11:00', close: '13:00' },
        ],
      }),
    ).toEqual([{ path: 'weekly[1]', message: 'weekly[0] (mon 09:00–12:00) overlaps weekly[1] (mon 11:00–13:00)' }]);
  });

  it('rejects an interval past midnight that overlaps the next day (also from Sunday into Monday)', () => {
    const weekly = [
      { day: 'mon', open: '09:00', close: '12:00' },
      { day: 'sun', open: '23:00', close: '01:00' },
      { day: 'mon', open: '00:30', close: '02:00' },
      { day: 'tue', open: '22:00', close: '02:00' },
      { day: 'wed', open: '01:00', close: '05:00' },
    ];
    expect(errorsOf({ ...base, weekly })).toEqual([
      { path: 'weekly[2]', message: 'weekly[1] (sun 23:00–01:00) overlaps weekly[2] (mon 00:30–02:00)' },
      { path: 'weekly[4]', message: 'weekly[3] (tue 22:00–02:00) overlaps weekly[4] (wed 01:00–05:00)' },
    ]);
  });

  it('accepts touching intervals', () => {
    const result = validateBusinessHours({
      ...base,
      weekly: [
        { day: 'sun', open: '20:00', close: '00:00' },
        { day: 'mon', open: '00:00', close: '12:00' },
        { day: 'mon', open: '12:00', close: '20:00' },
      ],
    });
    expect(result.errors).toEqual([]);
  });

  it('rejects bad holiday dates', () => {
    const errors = errorsOf({
      ...base,
      holidays: [{ date: '2026-02-30' }, { date: '2026-1-5' }, { date: 20261225 }, { date: '2026-12-24', name: 3 }],
    });
    expect(errors.map((e) => e.path)).toEqual([
      'holidays[0].date',
      'holidays[1].date',
      'holidays[2].date',
      'holidays[3].name',
    ]);
  });

  it('rejects routing other than atOpening | immediately', () => {
    expect(errorsOf({ ...base, outsideHours: { routing: 'later' } })).toEqual([
      { path: 'outsideHours.routing', message: 'must be one of atOpening, immediately (got "later")' },
    ]);
    expect(validateBusinessHours({ ...base, outsideHours: { routing: 'immediately' } }).valid).toBe(true);
  });

  it('rejects a non-object, missing fields and unknown fields', () => {
    expect(validateBusinessHours(null)).toEqual({ valid: false, errors: [expect.objectContaining({ path: '' })] });
    expect(errorsOf({}).map((e) => e.path)).toEqual(['timeZone', 'weekly', 'holidays', 'outsideHours']);
    expect(errorsOf({ ...base, weeekly: [] }).map((e) => e.path)).toEqual(['weeekly']);
    expect(errorsOf({ ...base, weekly: [{ day: 'mon', open: '09:00', close: '10:00', note: 1 }] })).toEqual([
      { path: 'weekly[0].note', message: 'unknown field "note"' },
    ]);
  });
});
