import type { LoginResponse, Role, User } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { conflictOnDuplicate } from '../../platform/errors.js';
import { orgId } from '../../platform/org.js';
import { hashPassword, verifyPassword } from './password.js';
import { Unauthorized } from '../../platform/errors.js';
import { issueToken, resolveToken } from './tokens.js';

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
  return db('users').whereRaw('lower(email) = lower(?)', [email]).first([...columns, 'password_hash', 'disabled_at']);
}

export type ManagedUser = User & { capacity: number | null; disabled: boolean };

const managedColumns = [...columns, 'capacity', { disabled: 'disabled_at' }] as const;
const managed = (row: Omit<ManagedUser, 'disabled'> & { disabled: unknown }): ManagedUser => ({ ...row, disabled: row.disabled !== null });

/** Every user with their routing capacity (null: the org default applies) and whether they are disabled. */
export async function listUsers(db: Db): Promise<ManagedUser[]> {
  return (await db('users').select(managedColumns).orderBy('created_at')).map(managed);
}

export async function getManagedUser(db: Db, id: string): Promise<ManagedUser | undefined> {
  const row = await db('users').where({ id }).first(managedColumns);
  return row ? managed(row) : undefined;
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

export async function login(db: Db, email: string, password: string, ttlMs?: number): Promise<LoginResponse | null> {
  const row = await findUserByEmail(db, email);
  if (!row || !(await verifyPassword(password, row.password_hash))) return null;
  // Said only to whoever knows the password, so it reveals nothing about which accounts exist.
  if (row.disabled_at) throw new Unauthorized('this account is disabled; ask an admin to enable it');
  const { token, expiresAt } = await issueToken(db, row.id, ttlMs);
  const { password_hash: _hash, disabled_at: _disabled, ...user } = row;
  return { token, expiresAt, user };
}

/** The token's user while it is valid (not expired, revoked or of a disabled user). */
export async function userForToken(db: Db, token: string): Promise<User | undefined> {
  const found = await resolveToken(db, token);
  return 'user' in found ? found.user : undefined;
}
