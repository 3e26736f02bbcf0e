/**
 * Contact attributes (api.md "Conversations", documents.md `setContactAttribute`): key details
 * agents edit beside a conversation and scripts or automations fill in. A change is merged into
 * what is stored (`null` removes a key) and audited on a conversation of the contact, in the
 * same transaction, only when a value actually changed.
 */
import { isAttributeKey } from '../../../rules/facts.js';
import type { Db } from '../../platform/database.js';
import { InvalidLabelError, NotFoundError, recordEvent, type LabelActor } from './labels.js';

export type AttributeValue = string | number | boolean;
export type AttributePatch = Record<string, AttributeValue | null>;

export const ATTRIBUTE_TEXT_MAX = 500;

/** Why `patch` cannot be stored (naming the key), or undefined when it can. */
export function attributePatchProblem(patch: unknown): string | undefined {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return 'attributes must be an object of key: value';
  for (const [key, value] of Object.entries(patch)) {
    if (!isAttributeKey(key)) {
      return `attributes: "${key}" is not an attribute key (1 to 64 letters, digits, "_" or "-")`;
    }
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `attributes.${key} must be a finite number`;
      continue;
    }
    if (typeof value === 'string') {
      if (value.length > ATTRIBUTE_TEXT_MAX) return `attributes.${key} is longer than ${ATTRIBUTE_TEXT_MAX} characters`;
      continue;
    }
    return `attributes.${key} must be text, a number, a boolean, or null to remove it`;
  }
  return undefined;
}

/**
 * Merges `attributes` into the contact's. The audit event goes to `conversationId` (which must be
 * the contact's), or else to the contact's most recent conversation; dated `at` (default now).
 */
export async function setContactAttributes(
  db: Db,
  input: { contactId: string; attributes: AttributePatch; actor: LabelActor; conversationId?: string; at?: string },
): Promise<{ attributes: Record<string, AttributeValue>; changed: boolean }> {
  const problem = attributePatchProblem(input.attributes);
  if (problem) throw new InvalidLabelError(problem);

  return db.transaction(async (trx) => {
    const contact = await trx('contacts').where({ id: input.contactId }).forUpdate().first('id', 'attributes');
    if (!contact) throw new NotFoundError(`no contact with id ${input.contactId}`);
    const before: Record<string, AttributeValue> = contact.attributes ?? {};
    const after = { ...before };
    const set: Record<string, AttributeValue> = {};
    const previous: Record<string, AttributeValue> = {};
    const removed: string[] = [];
    for (const [key, value] of Object.entries(input.attributes)) {
      const had = Object.prototype.hasOwnProperty.call(before, key);
      if (value === null) {
        if (!had) continue;
        previous[key] = before[key]!;
        removed.push(key);
        delete after[key];
      } else if (!had || before[key] !== value) {
        if (had) previous[key] = before[key]!;
        set[key] = value;
        after[key] = value;
      }
    }
    if (!removed.length && !Object.keys(set).length) return { attributes: before, changed: false };

    let conversationId = input.conversationId;
    if (conversationId) {
      const own = await trx('conversations').where({ id: conversationId, contact_id: input.contactId }).first('id');
      if (!own) throw new InvalidLabelError(`conversationId ${conversationId} is not a conversation of contact ${input.contactId}`);
    } else {
      const latest = await trx('conversations').where({ contact_id: input.contactId }).orderBy('last_message_at', 'desc').first('id');
      conversationId = latest?.id;
    }

    await trx('contacts').where({ id: input.contactId }).update({ attributes: after, updated_at: trx.fn.now() });
    // Contacts are created with their first conversation; one without any has no trail to write to.
    if (conversationId) {
      await recordEvent(trx, conversationId, 'contact.attribute_changed', input.actor, { contactId: input.contactId, set, removed, previous }, input.at);
    }
    return { attributes: after, changed: true };
  });
}
