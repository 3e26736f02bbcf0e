/**
 * Tags, topic and priority of a conversation (api.md "Conversations", documents.md actions).
 * Agents change them through the API and automations through the workflow's activities; both
 * go through these functions so the audit trail reads the same whoever made the change. Each
 * change and its audit event are one transaction, and nothing is written when nothing changed
 * (an automation that tags "refund" on every message leaves one event, not one per message).
 * Labels live outside the workflow's lifecycle state, so these writes need no workflow update.
 */
import type { Knex } from 'knex';
import { PRIORITIES, type Priority } from '../../../rules/facts.js';
import type { Db } from '../../platform/database.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { orgId } from '../../platform/org.js';

/** Who made a change: an agent, or an automation (its published version, when known). Structurally
 * the `user` and `automation` members of workflows/shared.ts `Actor`. */
export type LabelActor =
  | { type: 'user'; id: string; name?: string }
  | { type: 'automation'; id: string; name: string; version?: number }
  | { type: 'script'; id: string; name: string; version: number };

export interface Named {
  id: string;
  name: string;
}

/** No conversation (or contact) with that id: the API answers 404. */
export class NotFoundError extends NotFound {}
/** Input the caller must fix (unknown topic, bad priority, bad attribute): the API answers 400. */
export class InvalidLabelError extends Invalid {}

export const TAG_NAME_MAX = 200;

type Trx = Knex.Transaction;

/** Locks the conversation row, so two changes of one conversation compare against each other's result. */
async function lockConversation(trx: Trx, conversationId: string) {
  const row = await trx('conversations').where({ id: conversationId }).forUpdate().first('id', 'topic_id', 'priority');
  if (!row) throw new NotFoundError(`no conversation with id ${conversationId}`);
  return row as { id: string; topic_id: string | null; priority: string };
}

export async function recordEvent(
  trx: Knex,
  conversationId: string,
  type: string,
  actor: LabelActor,
  detail: Record<string, unknown>,
  at?: string,
): Promise<void> {
  await trx('conversation_events').insert({ conversation_id: conversationId, type, actor, detail, ...(at ? { at } : {}) });
}

async function touch(trx: Trx, conversationId: string) {
  await trx('conversations').where({ id: conversationId }).update({ updated_at: trx.fn.now() });
}

function tagsOfConversation(db: Knex, conversationId: string): Promise<Named[]> {
  return db('conversation_tags as ctg')
    .join('tags as t', 't.id', 'ctg.tag_id')
    .where('ctg.conversation_id', conversationId)
    .orderByRaw('lower(t.name), t.id')
    .select('t.id', 't.name');
}

/** Trimmed names, each once ignoring case (the first spelling wins); empty or too long → InvalidLabelError. */
function cleanNames(names: readonly string[] | undefined, field: string): string[] {
  const seen = new Map<string, string>();
  for (const raw of names ?? []) {
    const name = typeof raw === 'string' ? raw.trim() : '';
    if (!name) throw new InvalidLabelError(`${field} holds an empty tag name`);
    if (name.length > TAG_NAME_MAX) throw new InvalidLabelError(`${field}: tag name "${name.slice(0, 40)}…" is longer than ${TAG_NAME_MAX} characters`);
    if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
}

/** Names not yet in the tag list join it, with the spelling given (one spelling per name, ignoring case). */
async function createMissingTags(trx: Knex, org: string, names: readonly string[]): Promise<void> {
  // A concurrent creator of the same name makes ON CONFLICT wait for it, then a select sees its row.
  await trx.raw(
    `INSERT INTO tags (org_id, name) SELECT ?, n FROM unnest(?::text[]) AS n
     ON CONFLICT (org_id, lower(name)) DO NOTHING`,
    [org, [...names]],
  );
}

/**
 * Adds and removes tags by name, ignoring case. A name not yet in the tag list joins it (with the
 * spelling given); a tag the conversation already has is not doubled; removing a tag it does not
 * have does nothing. A name both added and removed ends up removed (removal is applied last).
 */
export async function changeTags(
  db: Db,
  input: { conversationId: string; add?: string[]; remove?: string[]; actor: LabelActor },
): Promise<{ tags: Named[]; changed: boolean }> {
  const add = cleanNames(input.add, 'add');
  const remove = cleanNames(input.remove, 'remove');
  const removeKeys = new Set(remove.map((n) => n.toLowerCase()));
  const toAdd = add.filter((n) => !removeKeys.has(n.toLowerCase()));
  const org = await orgId(db);

  return db.transaction(async (trx) => {
    await lockConversation(trx, input.conversationId);
    const before = await tagsOfConversation(trx, input.conversationId);
    const had = new Set(before.map((t) => t.id));

    let added: Named[] = [];
    if (toAdd.length) {
      await createMissingTags(trx, org, toAdd);
      const listed: Named[] = await trx('tags')
        .where({ org_id: org })
        .whereRaw('lower(name) = ANY(?::text[])', [toAdd.map((n) => n.toLowerCase())])
        .select('id', 'name');
      added = listed.filter((t) => !had.has(t.id));
      if (added.length) {
        await trx('conversation_tags')
          .insert(added.map((t) => ({ conversation_id: input.conversationId, tag_id: t.id })))
          .onConflict(['conversation_id', 'tag_id'])
          .ignore();
      }
    }

    const removed = before.filter((t) => removeKeys.has(t.name.toLowerCase()));
    if (removed.length) {
      await trx('conversation_tags').where({ conversation_id: input.conversationId }).whereIn('tag_id', removed.map((t) => t.id)).delete();
    }

    const changed = added.length > 0 || removed.length > 0;
    if (changed) {
      await recordEvent(trx, input.conversationId, 'conversation.tags_changed', input.actor, {
        added: added.map((t) => t.name).sort(byName),
        removed: removed.map((t) => t.name),
      });
      await touch(trx, input.conversationId);
    }
    return { tags: changed ? await tagsOfConversation(trx, input.conversationId) : before, changed };
  });
}

const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

/**
 * The change `changeTags({ add })` makes, for many conversations at once (each at most once): the
 * automations the relay evaluates add tags to a whole batch of conversations in four statements
 * instead of several per conversation. Same rows, same audit events, same locks.
 */
export async function addTagsToMany(trx: Knex, changes: readonly { conversationId: string; tags: readonly string[]; actor: LabelActor }[]): Promise<void> {
  if (changes.length === 0) return;
  const org = await orgId(trx);
  const input = changes.map((c) => ({ conversation_id: c.conversationId, names: cleanNames(c.tags, 'add') }));
  await createMissingTags(trx, org, [...new Map(input.flatMap((c) => c.names).map((n) => [n.toLowerCase(), n])).values()]);
  const { rows } = await trx.raw<{ rows: { conversation_id: string; name: string }[] }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(conversation_id uuid, names text[])
     ), locked AS (
       SELECT id FROM conversations WHERE id IN (SELECT conversation_id FROM input) ORDER BY id FOR UPDATE
     ), wanted AS (
       SELECT DISTINCT input.conversation_id, t.id AS tag_id, t.name
         FROM input CROSS JOIN LATERAL unnest(input.names) AS n(name)
         JOIN tags t ON t.org_id = ? AND lower(t.name) = lower(n.name)
        WHERE input.conversation_id IN (SELECT id FROM locked)
     ), added AS (
       INSERT INTO conversation_tags (conversation_id, tag_id) SELECT conversation_id, tag_id FROM wanted
       ON CONFLICT (conversation_id, tag_id) DO NOTHING RETURNING conversation_id, tag_id
     )
     SELECT w.conversation_id, w.name FROM added a JOIN wanted w ON w.conversation_id = a.conversation_id AND w.tag_id = a.tag_id`,
    [JSON.stringify(input), org],
  );
  if (rows.length === 0) return;
  const added = new Map<string, string[]>();
  for (const r of rows) (added.get(r.conversation_id) ?? added.set(r.conversation_id, []).get(r.conversation_id)!).push(r.name);
  const actorOf = new Map(changes.map((c) => [c.conversationId, c.actor]));
  await trx('conversation_events').insert(
    [...added].map(([conversationId, names]) => ({
      conversation_id: conversationId,
      type: 'conversation.tags_changed',
      actor: actorOf.get(conversationId),
      detail: { added: names.sort(byName), removed: [] },
    })),
  );
  await trx('conversations').whereIn('id', [...added.keys()]).update({ updated_at: trx.fn.now() });
}

async function topicOf(db: Knex, org: string, topicId: string): Promise<Named | undefined> {
  return db('topics').where({ org_id: org, id: topicId }).first('id', 'name');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Sets the topic, or clears it with `null`. An id that is not a topic → InvalidLabelError naming it. */
export async function setTopic(
  db: Db,
  input: { conversationId: string; topicId: string | null; actor: LabelActor },
): Promise<{ topic: Named | null; changed: boolean }> {
  const org = await orgId(db);
  return db.transaction(async (trx) => {
    const convo = await lockConversation(trx, input.conversationId);
    // Not a uuid cannot be a topic; checking here spares PostgreSQL a cast error.
    const topic = input.topicId === null ? null : UUID.test(input.topicId) ? await topicOf(trx, org, input.topicId) : undefined;
    if (topic === undefined) {
      throw new InvalidLabelError(`topicId "${input.topicId}" is not a topic: pick one from GET /api/topics, or null to clear the topic`);
    }
    const previous = convo.topic_id ? ((await topicOf(trx, org, convo.topic_id)) ?? null) : null;
    if ((previous?.id ?? null) === (topic?.id ?? null)) return { topic, changed: false };
    await trx('conversations').where({ id: input.conversationId }).update({ topic_id: topic?.id ?? null, updated_at: trx.fn.now() });
    await recordEvent(trx, input.conversationId, 'conversation.topic_changed', input.actor, { from: previous, to: topic });
    return { topic, changed: true };
  });
}

export function isPriority(value: unknown): value is Priority {
  return PRIORITIES.includes(value as Priority);
}

export async function setPriority(
  db: Db,
  input: { conversationId: string; priority: Priority; actor: LabelActor },
): Promise<{ priority: Priority; changed: boolean }> {
  if (!isPriority(input.priority)) {
    throw new InvalidLabelError(`priority must be one of ${PRIORITIES.join(', ')}, got ${JSON.stringify(input.priority)}`);
  }
  return db.transaction(async (trx) => {
    const convo = await lockConversation(trx, input.conversationId);
    if (convo.priority === input.priority) return { priority: input.priority, changed: false };
    await trx('conversations').where({ id: input.conversationId }).update({ priority: input.priority, updated_at: trx.fn.now() });
    await recordEvent(trx, input.conversationId, 'conversation.priority_changed', input.actor, { from: convo.priority, to: input.priority });
    return { priority: input.priority, changed: true };
  });
}
