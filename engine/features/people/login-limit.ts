// Login attempts limited per account and per address (api.md "Auth": repeated failures → 429 with
// Retry-After). Counted in PostgreSQL so that every API process shares the count.
import Boom from '@hapi/boom';
import type { Db } from '../../platform/database.js';
import { metrics } from '../../platform/metrics.js';

export const LOGIN_LIMITS = {
  windowSeconds: 15 * 60,
  /** Failures for one account (e-mail) within the window before logins for it are refused. */
  perAccount: 10,
  /** Failures from one address (any accounts) within the window. */
  perAddress: 50,
};

const keys = (email: string, address: string) => ({ account: `account:${email.trim().toLowerCase()}`, address: `address:${address}` });

/** Throws 429 with Retry-After when the account or the address is over its limit. */
export async function refuseWhenLimited(db: Db, email: string, address: string): Promise<void> {
  const k = keys(email, address);
  const { rows } = await db.raw(
    `SELECT key, failures, ceil(extract(epoch FROM window_started_at + make_interval(secs => ?) - now()))::int AS retry
       FROM login_failures WHERE key IN (?, ?) AND window_started_at > now() - make_interval(secs => ?)`,
    [LOGIN_LIMITS.windowSeconds, k.account, k.address, LOGIN_LIMITS.windowSeconds],
  );
  for (const row of rows as { key: string; failures: number; retry: number }[]) {
    const limit = row.key === k.account ? LOGIN_LIMITS.perAccount : LOGIN_LIMITS.perAddress;
    if (row.failures < limit) continue;
    metrics.loginsRefused.inc();
    const retry = Math.max(1, row.retry);
    const what = row.key === k.account ? 'this account' : 'this address';
    const err = Boom.tooManyRequests(`too many failed logins for ${what}: try again in ${retry} s`);
    err.output.headers['Retry-After'] = String(retry);
    throw err;
  }
}

export async function recordFailure(db: Db, email: string, address: string): Promise<void> {
  const k = keys(email, address);
  await db.raw(
    `INSERT INTO login_failures (key, failures, window_started_at) SELECT unnest(?::text[]), 1, now()
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN login_failures.window_started_at <= now() - make_interval(secs => ?) THEN 1 ELSE login_failures.failures + 1 END,
       window_started_at = CASE WHEN login_failures.window_started_at <= now() - make_interval(secs => ?) THEN now() ELSE login_failures.window_started_at END`,
    [[k.account, k.address], LOGIN_LIMITS.windowSeconds, LOGIN_LIMITS.windowSeconds],
  );
}

/** A successful login clears its account's count (not the address's: one good password does not vouch for the rest). */
export async function recordSuccess(db: Db, email: string): Promise<void> {
  await db('login_failures').where({ key: keys(email, '').account }).delete();
}
