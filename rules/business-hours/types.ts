// Business hours of a channel: the document admins PUT (api.md, "Lifecycle settings") and the
// normalized schedule the rest of the engine works with. Plain JSON data only, so a schedule can
// travel as Temporal workflow input.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const ROUTINGS = ['atOpening', 'immediately'] as const;
export type OutsideHoursRouting = (typeof ROUTINGS)[number];

/** The `PUT /api/channels/{id}/business-hours` body, as documented. */
export interface BusinessHoursDocument {
  timeZone: string;
  weekly: { day: Weekday; open: string; close: string }[];
  holidays: { date: string; name?: string }[];
  outsideHours: { messageText?: string; routing: OutsideHoursRouting };
}

/**
 * One weekly interval in minutes of the local day. `closeMinute` ≤ `openMinute` means the
 * interval ends on the next day (past midnight); equal, it lasts 24 hours.
 */
export interface WeeklyInterval {
  day: Weekday;
  openMinute: number;
  closeMinute: number;
}

/** A validated document. */
export interface BusinessHoursSchedule {
  timeZone: string;
  /** Sorted by day (mon first), then by opening time. */
  weekly: WeeklyInterval[];
  /** Unique local dates, `YYYY-MM-DD`, sorted. */
  holidays: string[];
  outsideHours: { messageText?: string; routing: OutsideHoursRouting };
}

export interface BusinessHoursStatus {
  open: boolean;
  /** Absent while open, and when the channel never opens again. */
  nextOpenAt?: Date;
  /** Absent while closed, and when the channel never closes. */
  nextCloseAt?: Date;
}

export interface ValidationError {
  path: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationError[];
  schedule?: BusinessHoursSchedule;
}
