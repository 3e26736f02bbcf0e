// Disabling a user and changing their role: both end the user's tokens in the same transaction, and
// neither may leave the organisation without an active admin. A disabled user also leaves routing.
import type { Role } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { Conflict, NotFound } from '../../platform/errors.js';
import { revokeUserTokens } from './tokens.js';

export interface AccountChange {
  disabled?: boolean;
  role?: Role;
}

export async function changeAccount(db: Db, userId: string, change: AccountChange): Promise<void> {
  if (change.disabled === undefined && change.role === undefined) return;
  await db.transaction(async (trx) => {
    // Locking every active admin serialises two admins demoting each other at once.
    const activeAdmins: { id: string }[] = await trx('users').where({ role: 'admin' }).whereNull('disabled_at').forUpdate().select('id');
    const user = await trx('users').where({ id: userId }).forUpdate().first('id', 'role', 'disabled_at');
    if (!user) throw new NotFound('no user with that id');

    const role = change.role ?? user.role;
    const disabled = change.disabled ?? user.disabled_at !== null;
    const wasActiveAdmin = user.role === 'admin' && user.disabled_at === null;
    if (wasActiveAdmin && (role !== 'admin' || disabled) && activeAdmins.length <= 1) {
      throw new Conflict(`this user is the last active admin: ${disabled ? 'disabling' : 'demoting'} them would leave nobody to manage Switchboard; make another user admin first`);
    }

    await trx('users').where({ id: userId }).update({
      role,
      disabled_at: disabled ? (user.disabled_at ?? trx.fn.now()) : null,
    });
    if (disabled && user.disabled_at === null) {
      await revokeUserTokens(trx, userId, 'account disabled');
      // Without a presence, routing gives them no new conversation (those they hold stay theirs).
      await trx('user_presence').where({ user_id: userId }).del();
    }
    else if (role !== user.role) await revokeUserTokens(trx, userId, 'role changed');
  });
}
