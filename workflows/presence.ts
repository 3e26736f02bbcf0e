// The assignee's presence (product.md, "Agent presence"): a conversation whose assignee is offline
// while the customer writes goes back to New, once they have been offline for the admin's delay.
import { durable } from './proxies.js';
import type { Run } from './run.js';

/** Unassigns once the assignee has been offline long enough, or sets a check for that instant.
 * `at`: the check's due instant (default now). True when it unassigned. */
export async function checkAssignee(run: Run, at?: number): Promise<boolean> {
  const s = run.current();
  const userId = s.assignee.userId;
  const unassign = run.settings?.unassign;
  if (!unassign?.enabled || !userId || (s.status !== 'assigned' && s.status !== 'pending')) return false;
  const presence = await durable.presenceOf({ userId });
  if (presence.status === 'online') {
    run.convo.update((state) => delete state.unassignCheck);
    return false;
  }
  const due = Date.parse(presence.since) + unassign.offlineAfterSeconds * 1000;
  if ((at ?? Date.now()) >= due) {
    await run.persist(
      run.convo.planUnassign('assignee offline', { presence: presence.status, since: presence.since }),
      durable,
      new Date(Math.max(due, at ?? 0)).toISOString(),
    );
    return true;
  }
  run.convo.update((state) => (state.unassignCheck = { userId, at: new Date(due).toISOString() }));
  return false;
}
