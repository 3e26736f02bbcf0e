// Validation of the `PUT /api/channels/{id}/business-hours` document (api.md, "Lifecycle
// settings"). Every problem is reported with the path of the field and, for intervals, the
// interval itself (`weekly[3] (tue 22:00–02:00) overlaps weekly[4] (wed 01:00–05:00)`).
import { DateTime, IANAZone } from 'luxon';
import { formatTimeOfDay, parseTimeOfDay } from './time-of-day.js';
import {
  ROUTINGS,
  WEEKDAYS,
  type BusinessHoursSchedule,
  type OutsideHoursRouting,
  type ValidationError,
  type ValidationResult,
  type Weekday,
  type WeeklyInterval,
} from './types.js';
import { overlappingPairs } from './weekly-overlaps.js';

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validateBusinessHours(doc: unknown): ValidationResult {
  const errors: ValidationError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });

  if (!isObject(doc)) {
    fail('', 'must be an object { timeZone, weekly, holidays, outsideHours }');
    return { valid: false, errors };
  }
  rejectUnknownFields(doc, '', ['timeZone', 'weekly', 'holidays', 'outsideHours'], fail);

  const timeZone = validateTimeZone(doc.timeZone, fail);
  const weekly = validateWeekly(doc.weekly, fail);
  const holidays = validateHolidays(doc.holidays, fail);
  const outsideHours = validateOutsideHours(doc.outsideHours, fail);

  if (errors.length > 0 || timeZone === undefined || !weekly || !holidays || !outsideHours) {
    return { valid: false, errors };
  }
  const schedule: BusinessHoursSchedule = {
    timeZone,
    weekly: [...weekly].sort(
      (a, b) => WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) || a.openMinute - b.openMinute,
    ),
    holidays: [...new Set(holidays)].sort(),
    outsideHours,
  };
  return { valid: true, errors, schedule };
}

type Fail = (path: string, message: string) => void;

function rejectUnknownFields(value: Fields, path: string, known: string[], fail: Fail) {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) fail(path ? `${path}.${key}` : key, `unknown field "${key}"`);
  }
}

function validateTimeZone(value: unknown, fail: Fail): string | undefined {
  if (value === undefined) return void fail('timeZone', 'is required');
  if (typeof value !== 'string') return void fail('timeZone', 'must be a string');
  if (!IANAZone.isValidZone(value)) return void fail('timeZone', `unknown time zone "${value}"`);
  return value;
}

function validateWeekly(value: unknown, fail: Fail): WeeklyInterval[] | undefined {
  if (value === undefined) return void fail('weekly', 'is required');
  if (!Array.isArray(value)) return void fail('weekly', 'must be an array of { day, open, close }');

  const parsed: { index: number; interval: WeeklyInterval }[] = [];
  let allWellFormed = true;
  value.forEach((item: unknown, index) => {
    const interval = validateWeeklyInterval(item, `weekly[${index}]`, fail);
    if (interval) parsed.push({ index, interval });
    else allWellFormed = false;
  });

  for (const [i, j] of overlappingPairs(parsed.map((p) => p.interval))) {
    const a = parsed[i];
    const b = parsed[j];
    fail(
      `weekly[${b.index}]`,
      `weekly[${a.index}] (${describe(a.interval)}) overlaps weekly[${b.index}] (${describe(b.interval)})`,
    );
  }
  return allWellFormed ? parsed.map((p) => p.interval) : undefined;
}

function validateWeeklyInterval(item: unknown, path: string, fail: Fail): WeeklyInterval | undefined {
  if (!isObject(item)) return void fail(path, 'must be an object { day, open, close }');
  rejectUnknownFields(item, path, ['day', 'open', 'close'], fail);

  let ok = true;
  const { day, open, close } = item;
  if (typeof day !== 'string' || !(WEEKDAYS as readonly string[]).includes(day)) {
    fail(`${path}.day`, `unknown day ${JSON.stringify(day)} (expected one of ${WEEKDAYS.join(', ')})`);
    ok = false;
  }
  const openMinute = typeof open === 'string' ? parseTimeOfDay(open) : undefined;
  if (openMinute === undefined) {
    fail(`${path}.open`, `malformed time ${JSON.stringify(open)} (expected HH:MM, 00:00–23:59)`);
    ok = false;
  }
  const closeMinute = typeof close === 'string' ? parseTimeOfDay(close) : undefined;
  if (closeMinute === undefined) {
    fail(`${path}.close`, `malformed time ${JSON.stringify(close)} (expected HH:MM, 00:00–23:59)`);
    ok = false;
  }
  if (!ok || openMinute === undefined || closeMinute === undefined) return undefined;

  // close ≤ open runs past midnight, so close = open is a whole day (00:00–00:00: round the clock).
  return { day: day as Weekday, openMinute, closeMinute };
}

function describe(interval: WeeklyInterval): string {
  return `${interval.day} ${formatTimeOfDay(interval.openMinute)}–${formatTimeOfDay(interval.closeMinute)}`;
}

function validateHolidays(value: unknown, fail: Fail): string[] | undefined {
  if (value === undefined) return void fail('holidays', 'is required (may be empty)');
  if (!Array.isArray(value)) return void fail('holidays', 'must be an array of { date, name? }');

  const dates: string[] = [];
  let ok = true;
  value.forEach((item: unknown, index) => {
    const path = `holidays[${index}]`;
    if (!isObject(item)) {
      ok = false;
      return fail(path, 'must be an object { date, name? }');
    }
    rejectUnknownFields(item, path, ['date', 'name'], fail);
    const { date, name } = item;
    if (typeof date !== 'string' || !ISO_DATE.test(date) || !DateTime.fromISO(date, { zone: 'utc' }).isValid) {
      ok = false;
      fail(`${path}.date`, `bad date ${JSON.stringify(date)} (expected an existing date, YYYY-MM-DD)`);
    } else {
      dates.push(date);
    }
    if (name !== undefined && typeof name !== 'string') {
      ok = false;
      fail(`${path}.name`, 'must be a string');
    }
  });
  return ok ? dates : undefined;
}

function validateOutsideHours(
  value: unknown,
  fail: Fail,
): BusinessHoursSchedule['outsideHours'] | undefined {
  if (value === undefined) return void fail('outsideHours', 'is required');
  if (!isObject(value)) return void fail('outsideHours', 'must be an object { messageText?, routing }');
  rejectUnknownFields(value, 'outsideHours', ['messageText', 'routing'], fail);

  let ok = true;
  const { messageText, routing } = value;
  if (messageText !== undefined && typeof messageText !== 'string') {
    ok = false;
    fail('outsideHours.messageText', 'must be a string');
  }
  if (typeof routing !== 'string' || !(ROUTINGS as readonly string[]).includes(routing)) {
    ok = false;
    fail('outsideHours.routing', `must be one of ${ROUTINGS.join(', ')} (got ${JSON.stringify(routing)})`);
  }
  if (!ok) return undefined;
  return {
    ...(messageText !== undefined ? { messageText: messageText as string } : {}),
    routing: routing as OutsideHoursRouting,
  };
}
