// Who may see a live event. Every event goes through here: a notification is for its own user
// only (and was written only for users who may see its conversation); an event about a public
// conversation, or a contact with one, is for everyone; one about a private conversation or its
// contact needs viewPrivate on its channel (features/permissions/model.ts).
import type { User } from '../people/users-repository.js';
import type { Access } from '../permissions/repository.js';
import type { LiveRow } from './repository.js';

export function visibleTo(user: User, access: Access, event: Pick<LiveRow, 'user_id' | 'channel_id' | 'kind'>, isPublic: boolean): boolean {
  if (event.user_id) return event.user_id === user.id;
  if (isPublic || user.role === 'admin') return true;
  return event.channel_id !== null && access.holds(event.channel_id, 'viewPrivate');
}
