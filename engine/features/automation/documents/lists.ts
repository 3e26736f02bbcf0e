/** The tag and topic lists (api.md "Lists"), migration 002. */
import type { Db } from '../../../platform/database.js';
import { Conflict, Invalid } from '../../../platform/errors.js';
import { orgId } from '../../../platform/org.js';

export interface Tag {
  id: string;
  name: string;
}
export interface Topic {
  id: string;
  name: string;
  parentId?: string;
}

export class DuplicateNameError extends Conflict {}
export class UnknownParentError extends Invalid {}

const isUnique = (err: unknown) => (err as { code?: string }).code === '23505';

export async function listTags(db: Db): Promise<Tag[]> {
  return db('tags').where({ org_id: await orgId(db) }).orderByRaw('lower(name), id').select('id', 'name');
}

export async function createTag(db: Db, name: string): Promise<Tag> {
  try {
    const [row] = await db('tags').insert({ org_id: await orgId(db), name }).returning(['id', 'name']);
    return row;
  } catch (err) {
    if (isUnique(err)) throw new DuplicateNameError(`a tag named "${name}" already exists (names ignore case)`);
    throw err;
  }
}

const topicOf = (r: { id: string; name: string; parent_id: string | null }): Topic => ({
  id: r.id,
  name: r.name,
  ...(r.parent_id ? { parentId: r.parent_id } : {}),
});

export async function listTopics(db: Db): Promise<Topic[]> {
  const rows = await db('topics').where({ org_id: await orgId(db) }).orderByRaw('lower(name), id').select('id', 'name', 'parent_id');
  return rows.map(topicOf);
}

export async function createTopic(db: Db, input: { name: string; parentId?: string }): Promise<Topic> {
  const org = await orgId(db);
  if (input.parentId) {
    const parent = await db('topics').where({ org_id: org, id: input.parentId }).first('id');
    if (!parent) throw new UnknownParentError(`parentId "${input.parentId}" is not a topic: create the parent first or leave parentId out`);
  }
  try {
    const [row] = await db('topics').insert({ org_id: org, name: input.name, parent_id: input.parentId ?? null }).returning(['id', 'name', 'parent_id']);
    return topicOf(row);
  } catch (err) {
    if (isUnique(err)) {
      throw new DuplicateNameError(`a topic named "${input.name}" already exists ${input.parentId ? 'under that parent' : 'at the top level'} (names ignore case)`);
    }
    throw err;
  }
}
