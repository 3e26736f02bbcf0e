// An instant the engine stores as an event's `at`: ISO 8601 with a four-digit year. JavaScript
// dates reach year 275760, which prints as "+275760-…" and which no client parses back, so a
// provider's date beyond 9999 is as unusable as no date.

/** 9999-12-31T23:59:59.999Z, the last instant with a four-digit year. */
const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Unix milliseconds from 1970 to the end of 9999. */
export function isStorableInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms > 0 && ms <= LATEST_INSTANT_MS;
}
