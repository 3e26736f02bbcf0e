import type { Role, User } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { conflictOnDuplicate } from '../../platform/errors.js';
import { orgId } from '../../platform/org.js';
import { hashPassword, verifyPassword } from './password.js';
import { hashToken, newToken, TOKEN_LIFETIME_MS } from './tokens.js';

export type { Role,User };

const columns = ['id', 'email', 'name', 'role'] as const;

export async function createUser(db: Db, input: { email: string; name: string; password: string; role: Role }): Promise<User> {
  const [row] = await db('users')
    .insert({
      org_id: await orgId(db),
      email: input.email,
      name: input.name,
      role: input.role,
      password_hash: await hashPassword(input.password),
    })
    .returning(columns)
    .catch(conflictOnDuplicate('a user with that e-mail already exists'));
  return row;
}

export function findUserByEmail(db: Db, email: string) {
  return db('users').whereRaw('lower(email) = lower(?)', [email]).first([...columns, 'password_hash']);
}

/** Every user with their routing capacity (null: the org default applies). */
export function listUsers(db: Db): Promise<(User & { capacity: number | null })[]> {
  return db('users').select([...columns, 'capacity']).orderBy('created_at');
}

export function getUser(db: Db, id: string): Promise<User | undefined> {
  return db('users').where({ id }).first(columns);
}

export async function usersExist(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db('users').whereIn('id', ids).select('id');
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/** The first admin from the environment: created when missing, left alone when present. */
export async function ensureAdmin(db: Db, email: string, password: string): Promise<'created' | 'exists'> {
  if (await findUserByEmail(db, email)) return 'exists';
  await createUser(db, { email, name: email.split('@')[0], password, role: 'admin' });
  return 'created';
}

export async function login(db: Db, email: string, password: string): Promise<{ token: string; user: User } | null> {
  const row = await findUserByEmail(db, email);
  if (!row || !(await verifyPassword(password, row.password_hash))) return null;
  const token = newToken();
  await db('auth_tokens').insert({
    token_hash: hashToken(token),
    user_id: row.id,
    expires_at: new Date(Date.now() + TOKEN_LIFETIME_MS),
  });
  const { password_hash: _ignored, ...user } = row;
  return { token, user };
}

export async function userForToken(db: Db, token: string): Promise<User | undefined> {
  return db('auth_tokens as t')
    .join('users as u', 'u.id', 't.user_id')
    .where('t.token_hash', hashToken(token))
    .andWhere('t.expires_at', '>', db.fn.now())
    .first('u.id', 'u.email', 'u.name', 'u.role');
}
