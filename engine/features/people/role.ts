// Changing a user's role (PUT /api/users/{id}/role). Their tokens die with the old role (api.md,
// "Auth"), and the organisation always keeps at least one admin.
import type { Role } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { Conflict } from '../../platform/errors.js';

/** false when there is no such user. */
export async function setUserRole(db: Db, userId: string, role: Role): Promise<boolean> {
  return db.transaction(async (trx) => {
    const user = await trx('users').where({ id: userId }).forUpdate().first('id', 'role');
    if (!user) return false;
    if (user.role === role) return true;
    if (user.role === 'admin') {
      // Locks every admin row, so two demotions at once cannot both pass.
      const admins = await trx('users').where({ role: 'admin' }).forUpdate().select('id');
      if (admins.length <= 1) throw new Conflict('this is the only admin: make someone else an admin first');
    }
    await trx('users').where({ id: userId }).update({ role });
    await trx('auth_tokens').where({ user_id: userId }).delete();
    return true;
  });
}
