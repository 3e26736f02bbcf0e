// The one check behind every guarded route: what the target needs at that level against what the
// user holds on its channel. A refusal is a 403 naming the missing permission and the channel.
import type { Db } from '../../platform/database.js';
import { Forbidden } from '../../platform/errors.js';
import type { User } from '../people/users-repository.js';
import { missingPermission, type Level, type Target } from './model.js';
import { factsOf, permissionsOf } from './repository.js';

export class MissingPermission extends Forbidden {}

/** Throws MissingPermission when the user may not; passes when allowed or when there is no such target. */
export async function requirePermission(db: Db, user: User, target: Target, level: Level, id: string): Promise<void> {
  if (user.role === 'admin') return;
  const facts = await factsOf(db, target, id);
  if (!facts) return; // the route answers its own 404
  const missing = missingPermission(facts, level, await permissionsOf(db, user, facts.channelId));
  if (missing) throw new MissingPermission(`missing permission ${missing} on channel ${facts.channelName}`);
}
