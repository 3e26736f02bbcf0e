// Which contact attributes agents see beside a conversation, and in which order (product.md
// "Contact attributes"): one list per organisation, kept in the settings table.
import type { ContactAttributeDisplay } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { orgId } from '../../platform/org.js';

export type AttributeDisplay = ContactAttributeDisplay;

const KEY = 'contact-attributes';

/** Ordered by position, then key. None set: an empty list (the UI shows every attribute as stored). */
export async function getAttributeDisplay(db: Db): Promise<AttributeDisplay[]> {
  const row = await db('settings').where({ org_id: await orgId(db), key: KEY }).first('value');
  const list = Array.isArray(row?.value) ? (row.value as AttributeDisplay[]) : [];
  return sortDisplay(list);
}

export function sortDisplay(list: AttributeDisplay[]): AttributeDisplay[] {
  return [...list].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
}

/** Replaces the whole list. */
export async function putAttributeDisplay(db: Db, list: AttributeDisplay[], userId: string): Promise<AttributeDisplay[]> {
  const sorted = sortDisplay(list);
  await db('settings')
    .insert({ org_id: await orgId(db), key: KEY, value: JSON.stringify(sorted), updated_at: db.fn.now(), updated_by: userId })
    .onConflict(['org_id', 'key'])
    .merge(['value', 'updated_at', 'updated_by']);
  return sorted;
}
