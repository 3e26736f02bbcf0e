// Org-wide lifecycle settings (api.md, "Lifecycle settings"), one JSON value per key, with the
// value each has before an admin sets it.
import type { Db } from '../../platform/database.js';
import { orgId } from '../../platform/org.js';

export interface AutoResolveRule {
  afterSeconds: number;
  reasonId?: string;
}

export interface OrgSettings {
  /** Resolve new / pending conversations after this long without activity; null: off. */
  'auto-resolve': { new: AutoResolveRule | null; pending: AutoResolveRule | null };
  /** Unassign an offline agent's conversation that an incoming message moves back to new. */
  unassign: { enabled: boolean; offlineAfterSeconds: number };
  /** An agent's reply moves the conversation to Pending (waiting on the customer). */
  'pending-after-reply': { enabled: boolean };
  /** Routing by skill sets: most open conversations an agent without their own capacity is given. */
  routing: { defaultCapacity: number };
}

export type SettingKey = keyof OrgSettings;

export const SETTING_DEFAULTS: OrgSettings = {
  'auto-resolve': { new: null, pending: null },
  unassign: { enabled: false, offlineAfterSeconds: 120 },
  'pending-after-reply': { enabled: false },
  routing: { defaultCapacity: 10 },
};

export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<OrgSettings[K]> {
  const row = await db('settings').where({ org_id: await orgId(db), key }).first('value');
  return row ? { ...SETTING_DEFAULTS[key], ...(row.value as OrgSettings[K]) } : SETTING_DEFAULTS[key];
}

export async function putSetting<K extends SettingKey>(db: Db, key: K, value: OrgSettings[K], userId: string): Promise<OrgSettings[K]> {
  await db('settings')
    .insert({ org_id: await orgId(db), key, value: JSON.stringify(value), updated_at: db.fn.now(), updated_by: userId })
    .onConflict(['org_id', 'key'])
    .merge(['value', 'updated_at', 'updated_by']);
  return value;
}
