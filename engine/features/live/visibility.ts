// Who may see a live event. Every event goes through here, so channel permissions (api.md
// "Context, permissions and metrics") will filter live updates in this one place: today every
// signed-in user may see every conversation (as GET /api/conversations shows them), and a
// notification is for its own user only.
import type { User } from '../people/users-repository.js';
import type { LiveRow } from './repository.js';

export function visibleTo(user: User, event: Pick<LiveRow, 'user_id' | 'channel_id' | 'kind'>): boolean {
  if (event.user_id) return event.user_id === user.id;
  return true;
}
