// Bearer tokens are random; only their SHA-256 is stored, so a leaked table grants nothing. A token
// dies at its expiry, or sooner when revoked (logout, a disabled account, a role change); the row
// is kept so that the 401 can say which.
import { createHash, randomBytes } from 'node:crypto';
import type { User } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';

export const DEFAULT_TOKEN_TTL_MS = 12 * 3600 * 1000;

/** Why a token was revoked, as the 401 tells its holder. */
export type RevokedReason = 'signed out' | 'account disabled' | 'role changed';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function issueToken(db: Db, userId: string, ttlMs = DEFAULT_TOKEN_TTL_MS): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + ttlMs);
  await db('auth_tokens').insert({ token_hash: hashToken(token), user_id: userId, expires_at: expiresAt });
  // Dead tokens are kept a while so that their 401 can say why, not for ever.
  await db('auth_tokens').where({ user_id: userId }).andWhereRaw("expires_at < now() - interval '30 days'").del();
  return { token, expiresAt: expiresAt.toISOString() };
}

const RELOGIN = 'log in again with POST /api/auth/login';

const REVOKED: Record<RevokedReason, string> = {
  'signed out': `the bearer token was revoked: you signed out; ${RELOGIN}`,
  'account disabled': 'the bearer token was revoked: your account is disabled; ask an admin to enable it',
  'role changed': `the bearer token was revoked: your role changed; ${RELOGIN} to work with your new role`,
};

/** The token's user, or why it is refused (a sentence for the 401). */
export async function resolveToken(db: Db, token: string): Promise<{ user: User } | { refused: string }> {
  const row = await db('auth_tokens as t')
    .join('users as u', 'u.id', 't.user_id')
    .where('t.token_hash', hashToken(token))
    .first(
      'u.id', 'u.email', 'u.name', 'u.role', 'u.disabled_at', 't.revoked_reason', 't.revoked_at',
      db.raw('t.expires_at <= now() as expired'), 't.expires_at',
    );
  if (!row) return { refused: `the bearer token is unknown: ${RELOGIN}` };
  if (row.revoked_at) return { refused: REVOKED[row.revoked_reason as RevokedReason] ?? `the bearer token was revoked: ${RELOGIN}` };
  if (row.disabled_at) return { refused: REVOKED['account disabled'] };
  if (row.expired) return { refused: `the bearer token expired at ${new Date(row.expires_at).toISOString()}: ${RELOGIN}` };
  return { user: { id: row.id, email: row.email, name: row.name, role: row.role } };
}

export async function revokeToken(db: Db, token: string, reason: RevokedReason): Promise<void> {
  await db('auth_tokens').where({ token_hash: hashToken(token) }).whereNull('revoked_at').update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

/** Ends every live token of a user (in the caller's transaction when given one). */
export async function revokeUserTokens(db: Db, userId: string, reason: RevokedReason): Promise<void> {
  await db('auth_tokens')
    .where({ user_id: userId })
    .whereNull('revoked_at')
    .andWhere('expires_at', '>', db.fn.now())
    .update({ revoked_at: db.fn.now(), revoked_reason: reason });
}
