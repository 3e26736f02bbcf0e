// Internal notes on a contact (product.md "Internal notes"): visible to the whole organisation;
// only the author edits a note, the author or an admin deletes it.
import type { Note } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { iso } from '../../platform/org.js';
import type { User } from '../people/users-repository.js';

export const NOTE_MAX = 2000;

export type { Note };


const columns = ['n.id', 'n.contact_id', 'n.text', 'n.author_user_id', 'u.name as author_name', 'n.created_at', 'n.updated_at'];

function toNote(r: Record<string, any>): Note {
  return {
    id: r.id,
    contactId: r.contact_id,
    text: r.text,
    author: r.author_user_id ? { id: r.author_user_id, name: r.author_name } : null,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

function notes(db: Db) {
  return db('contact_notes as n').leftJoin('users as u', 'u.id', 'n.author_user_id');
}

export function contactExists(db: Db, contactId: string): Promise<boolean> {
  return db('contacts').where({ id: contactId }).first('id').then(Boolean);
}

/** Newest first. */
export async function listNotes(db: Db, contactId: string): Promise<Note[]> {
  const rows = await notes(db).where('n.contact_id', contactId).orderBy([{ column: 'n.created_at', order: 'desc' }, { column: 'n.id', order: 'desc' }]).select(columns);
  return rows.map(toNote);
}

export async function getNote(db: Db, id: string): Promise<Note | undefined> {
  const row = await notes(db).where('n.id', id).first(columns);
  return row ? toNote(row) : undefined;
}

export async function createNote(db: Db, input: { contactId: string; author: User; text: string }): Promise<Note> {
  const [row] = await db('contact_notes').insert({ contact_id: input.contactId, author_user_id: input.author.id, text: input.text }).returning('id');
  return (await getNote(db, row.id))!;
}

/** Only the author edits. */
export async function updateNote(db: Db, id: string, user: User, text: string): Promise<Note> {
  const note = await getNote(db, id);
  if (!note) throw new NotFound('no note with that id');
  if (note.author?.id !== user.id) throw new Forbidden('only the author of a note may edit it');
  await db('contact_notes').where({ id }).update({ text, updated_at: db.fn.now() });
  return (await getNote(db, id))!;
}

/** The author or an admin deletes. */
export async function deleteNote(db: Db, id: string, user: User): Promise<void> {
  const note = await getNote(db, id);
  if (!note) throw new NotFound('no note with that id');
  if (note.author?.id !== user.id && user.role !== 'admin') throw new Forbidden('only the author of a note or an admin may delete it');
  await db('contact_notes').where({ id }).delete();
}

/** Throws NotFound unless the contact exists. */
export async function requireContact(db: Db, contactId: string): Promise<void> {
  if (!(await contactExists(db, contactId))) throw new NotFound('no contact with that id');
}
