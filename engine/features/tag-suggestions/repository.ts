// What the tag suggestions learn from, gathered in SQL: the tags applied to at least MIN_USES
// conversations (counted in conversation_tags: a tag taken off again no longer counts), and the
// customer messages of their most recent tagged conversations.
import type { Db } from '../../platform/database.js';
import type { Tag, TaggedDocument } from './tfidf.js';

/** product.md: a tag is suggested once it has been applied at least 10 times. */
export const MIN_USES = 10;
/** Most recent tagged conversations learnt from, per tag. */
const PER_TAG = 500;
/** Customer messages read per conversation (its first ones: what it is about). */
const MESSAGES = 20;

export async function taggedDocuments(db: Db, orgId: string): Promise<{ docs: TaggedDocument[]; tags: Tag[] }> {
  const { rows } = await db.raw(
    `WITH eligible AS (
       SELECT ctg.tag_id FROM conversation_tags ctg JOIN tags t ON t.id = ctg.tag_id
        WHERE t.org_id = :orgId GROUP BY ctg.tag_id HAVING count(*) >= :minUses
     ), tagged AS (
       SELECT ctg.conversation_id, ctg.tag_id,
              row_number() OVER (PARTITION BY ctg.tag_id ORDER BY ctg.added_at DESC) AS rank
         FROM conversation_tags ctg JOIN eligible e ON e.tag_id = ctg.tag_id
     ), docs AS (
       SELECT conversation_id, array_agg(tag_id) AS tag_ids FROM tagged WHERE rank <= :perTag GROUP BY conversation_id
     )
     SELECT d.conversation_id, d.tag_ids,
            (SELECT coalesce(string_agg(m.text, E'\\n' ORDER BY m.at), '')
               FROM (SELECT text, at FROM messages WHERE conversation_id = d.conversation_id AND direction = 'in'
                      ORDER BY at LIMIT :messages) m) AS text
       FROM docs d`,
    { orgId, minUses: MIN_USES, perTag: PER_TAG, messages: MESSAGES },
  );
  const tagIds: string[] = [...new Set<string>(rows.flatMap((r: { tag_ids: string[] }) => r.tag_ids))];
  const tags: Tag[] = tagIds.length ? await db('tags').whereIn('id', tagIds).select('id', 'name') : [];
  return {
    docs: rows.map((r: { conversation_id: string; tag_ids: string[]; text: string }) => ({ conversationId: r.conversation_id, tagIds: r.tag_ids, text: r.text })),
    tags,
  };
}

/** Changes whenever a tag is applied or taken off anywhere (any process): the cache's key. */
export async function tagsVersion(db: Db): Promise<string> {
  const row = await db('conversation_tags').first(db.raw('count(*)::int AS n'), db.raw('max(added_at) AS last'));
  return `${row?.n ?? 0}:${row?.last ? new Date(row.last).toISOString() : ''}`;
}

/** The customer text and current tags of one conversation; undefined when it does not exist. */
export async function conversationText(db: Db, conversationId: string): Promise<{ text: string; tagIds: string[] } | undefined> {
  const { rows } = await db.raw(
    `SELECT (SELECT coalesce(string_agg(m.text, E'\\n' ORDER BY m.at), '')
               FROM (SELECT text, at FROM messages WHERE conversation_id = c.id AND direction = 'in' ORDER BY at LIMIT :messages) m) AS text,
            coalesce((SELECT array_agg(tag_id) FROM conversation_tags WHERE conversation_id = c.id), '{}') AS tag_ids
       FROM conversations c WHERE c.id = :id`,
    { id: conversationId, messages: MESSAGES },
  );
  return rows[0] ? { text: rows[0].text, tagIds: rows[0].tag_ids } : undefined;
}
