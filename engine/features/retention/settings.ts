// Retention (product.md "Retention"): messages kept 6 weeks, LinkedIn threads removed 2 weeks after
// their last activity; both per organisation, in the org settings table under the key "retention".
import type { Db } from '../../platform/database.js';

export interface RetentionSettings {
  /** Messages older than this many days are purged. */
  messagesDays: number;
  /** LinkedIn conversations without activity for this many days are removed with their messages. */
  linkedinInactiveDays: number;
}

export const RETENTION_DEFAULTS: RetentionSettings = { messagesDays: 42, linkedinInactiveDays: 14 };

export async function getRetention(db: Db, orgId: string): Promise<RetentionSettings> {
  const row = await db('settings').where({ org_id: orgId, key: 'retention' }).first('value');
  return { ...RETENTION_DEFAULTS, ...((row?.value as Partial<RetentionSettings>) ?? {}) };
}

export async function putRetention(db: Db, orgId: string, value: RetentionSettings, userId: string): Promise<RetentionSettings> {
  await db('settings')
    .insert({ org_id: orgId, key: 'retention', value: JSON.stringify(value), updated_at: db.fn.now(), updated_by: userId })
    .onConflict(['org_id', 'key'])
    .merge(['value', 'updated_at', 'updated_by']);
  return value;
}
