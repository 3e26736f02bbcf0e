// The period of a metrics request, in the caller's time zone: a date is a whole local day (`from`
// its start, `to` its end, both included); a date-time with an offset is that instant (`to` excluded).
import { DateTime } from 'luxon';
import { Invalid } from '../../platform/errors.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_DAYS = 400;
export const DEFAULT_DAYS = 7;

function instant(raw: string, zone: string, field: string, endOfDay: boolean): DateTime {
  const parsed = DateTime.fromISO(raw, { zone, setZone: false });
  if (!parsed.isValid) throw new Invalid(`${field} must be a date (2026-10-25) or a date-time with its offset (2026-10-25T08:00:00Z); got "${raw}"`);
  return DATE.test(raw) && endOfDay ? parsed.plus({ days: 1 }) : parsed;
}

/** [from, to) as ISO instants; by default the last seven local days, today included. */
export function metricsRange(input: { from?: string; to?: string }, zone: string, now = DateTime.now()): { from: string; to: string } {
  const today = now.setZone(zone).startOf('day');
  const to = input.to ? instant(input.to, zone, 'to', true) : today.plus({ days: 1 });
  const from = input.from ? instant(input.from, zone, 'from', false) : to.minus({ days: DEFAULT_DAYS });
  if (from >= to) throw new Invalid(`from (${input.from ?? from.toISO()}) must be before to (${input.to ?? to.toISO()})`);
  if (to.diff(from, 'days').days > MAX_DAYS) throw new Invalid(`the period is longer than ${MAX_DAYS} days: ask for a shorter one`);
  return { from: from.toUTC().toISO()!, to: to.toUTC().toISO()! };
}
