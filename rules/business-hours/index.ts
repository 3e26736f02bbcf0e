// Business hours of a channel: pure functions (no I/O, no clock), safe inside Temporal workflows
// and in the API. Semantics (api.md, "Lifecycle settings"):
// - each weekly interval is [open, close) in the channel's zone; close ≤ open ends the next day;
//   open = close is a whole day (24 hours), so 00:00–00:00 every day is open round the clock;
// - touching intervals, also across midnight and from Sunday into Monday, are one open stretch;
// - a wall time occurring twice means its first occurrence; a missing one moves forward by the
//   gap (Paris 02:30 on spring-forward night → 03:30 CEST);
// - a holiday removes the intervals starting on it (past-midnight part included); an interval
//   from the day before runs to its end;
// - no schedule → always open; nextOpening / nextClosing are the next change strictly after `at`.
export { validateBusinessHours } from './validate.js';
export { status, isOpen, nextOpening, nextClosing } from './status.js';
export type {
  BusinessHoursDocument,
  BusinessHoursSchedule,
  BusinessHoursStatus,
  OutsideHoursRouting,
  ValidationError,
  ValidationResult,
  Weekday,
  WeeklyInterval,
} from './types.js';
export { WEEKDAYS, ROUTINGS } from './types.js';
