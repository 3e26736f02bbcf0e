// Business hours of a channel, stored (api.md, "Lifecycle settings"). The pure rules live in
// rules/business-hours; this module checks a document with them, keeps it, and answers status.
import {
  status,
  validateBusinessHours,
  type BusinessHoursDocument,
  type BusinessHoursSchedule,
  type ValidationError,
} from '../../../rules/business-hours/index.js';
import type { Db } from '../../platform/database.js';

export interface StoredBusinessHours {
  /** The validated schedule the engine computes with. */
  schedule: BusinessHoursSchedule;
  /** The document as the admin sent it (what GET answers). */
  original: BusinessHoursDocument;
}

export type CheckedBusinessHours = { ok: true; schedule: BusinessHoursSchedule } | { ok: false; message: string };

/**
 * Validates a document; a refusal carries one message naming every problem, each with its path and,
 * for a weekly interval, the interval as written (`weekly[2] (tue 9h–17:00).open: malformed time …`).
 */
export function checkBusinessHours(doc: unknown): CheckedBusinessHours {
  const result = validateBusinessHours(doc);
  if (result.valid && result.schedule) return { ok: true, schedule: result.schedule };
  const problems = result.errors.map((e) => describeError(doc, e));
  return { ok: false, message: `business hours are invalid: ${problems.join('; ')}` };
}

function describeError(doc: unknown, error: ValidationError): string {
  const m = /^weekly\[(\d+)\]/.exec(error.path);
  if (!m || error.message.includes(`${m[0]} (`)) return error.path ? `${error.path}: ${error.message}` : error.message;
  // Name the interval itself, not only its index, so the admin sees which one to fix.
  const item = (doc as { weekly?: unknown[] })?.weekly?.[Number(m[1])] as Record<string, unknown> | undefined;
  const shown = item && typeof item === 'object' ? ` (${[item.day, `${String(item.open)}–${String(item.close)}`].join(' ')})` : '';
  return `${m[0]}${shown}${error.path.slice(m[0].length)}: ${error.message}`;
}

export async function getBusinessHours(db: Db, channelId: string): Promise<(StoredBusinessHours & { updatedAt: Date; updatedBy: string | null }) | undefined> {
  const row = await db('business_hours').where({ channel_id: channelId }).first('document', 'updated_at', 'updated_by');
  if (!row) return undefined;
  return { ...(row.document as StoredBusinessHours), updatedAt: row.updated_at, updatedBy: row.updated_by };
}

/** Replaces the channel's whole document. */
export async function putBusinessHours(db: Db, channelId: string, stored: StoredBusinessHours, userId: string): Promise<void> {
  await db('business_hours')
    .insert({ channel_id: channelId, document: JSON.stringify(stored), updated_at: db.fn.now(), updated_by: userId })
    .onConflict('channel_id')
    .merge(['document', 'updated_at', 'updated_by']);
}

/** Back to always open; false when there was no document. */
export async function deleteBusinessHours(db: Db, channelId: string): Promise<boolean> {
  return (await db('business_hours').where({ channel_id: channelId }).del()) > 0;
}

/** `{ open, nextOpenAt?, nextCloseAt? }` as ISO strings; no document → always open. */
export async function businessHoursStatus(db: Db, channelId: string, at: Date) {
  const stored = await getBusinessHours(db, channelId);
  const s = status(stored?.schedule, at);
  return {
    open: s.open,
    ...(s.nextOpenAt ? { nextOpenAt: s.nextOpenAt.toISOString() } : {}),
    ...(s.nextCloseAt ? { nextCloseAt: s.nextCloseAt.toISOString() } : {}),
  };
}
