// Rows routing tests need, written straight to a real database: agents with presence at explicit
// instants, teams, and conversations (waiting or assigned) on one sandbox channel.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../engine/platform/database.js';
import { orgId } from '../../engine/platform/org.js';

export interface RoutingFixtures {
  /** An agent; `presence` sets status and its instants `secondsAgo` (by the database clock). */
  agent(o?: { name?: string; capacity?: number | null; presence?: { status: 'online' | 'away' | 'offline'; lastSeenSecondsAgo?: number; statusSecondsAgo?: number } }): Promise<string>;
  setPresence(userId: string, status: 'online' | 'away' | 'offline', lastSeenSecondsAgo?: number, statusSecondsAgo?: number): Promise<void>;
  team(memberIds: string[]): Promise<string>;
  conversation(o?: { status?: 'unassigned' | 'assigned' | 'pending' | 'done'; assignee?: string; teamId?: string; workflowId?: string }): Promise<string>;
  /** Open (assigned or pending) conversations of an agent. */
  openLoad(userId: string): Promise<number>;
}

export async function routingFixtures(db: Db): Promise<RoutingFixtures> {
  const org = await orgId(db);
  const [channel] = await db('channels').insert({ org_id: org, type: 'sandbox', name: `routing ${randomUUID()}`, config: { secret: 's' } }).returning('id');
  let n = 0;

  async function setPresence(userId: string, status: 'online' | 'away' | 'offline', lastSeenSecondsAgo = 0, statusSecondsAgo = lastSeenSecondsAgo) {
    await db.raw(
      `INSERT INTO user_presence (user_id, status, last_seen_at, status_since)
       VALUES (?, ?, now() - make_interval(secs => ?), now() - make_interval(secs => ?))
       ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, last_seen_at = excluded.last_seen_at, status_since = excluded.status_since`,
      [userId, status, lastSeenSecondsAgo, statusSecondsAgo],
    );
  }

  return {
    setPresence,
    async agent(o = {}) {
      n += 1;
      const [row] = await db('users')
        .insert({ org_id: org, email: `agent-${randomUUID()}@example.com`, name: o.name ?? `agent ${n}`, role: 'agent', password_hash: 'not used', capacity: o.capacity ?? null })
        .returning('id');
      if (o.presence) await setPresence(row.id, o.presence.status, o.presence.lastSeenSecondsAgo ?? 0, o.presence.statusSecondsAgo ?? o.presence.lastSeenSecondsAgo ?? 0);
      return row.id as string;
    },
    async team(memberIds) {
      const [row] = await db('teams').insert({ org_id: org, name: `team ${randomUUID()}` }).returning('id');
      if (memberIds.length) await db('team_members').insert(memberIds.map((user_id) => ({ team_id: row.id, user_id })));
      return row.id as string;
    },
    async conversation(o = {}) {
      const threadKey = randomUUID();
      const [contact] = await db('contacts').insert({ channel_id: channel.id, provider_id: threadKey, name: 'Customer' }).returning('id');
      const [row] = await db('conversations')
        .insert({
          channel_id: channel.id,
          thread_key: threadKey,
          workflow_id: o.workflowId ?? `conversation:${channel.id}:${threadKey}`,
          kind: 'private',
          status: o.status ?? 'unassigned',
          assignee_user_id: o.assignee ?? null,
          team_id: o.teamId ?? null,
          contact_id: contact.id,
          last_message_at: db.fn.now(),
        })
        .returning('id');
      return row.id as string;
    },
    async openLoad(userId) {
      const [{ count }] = await db('conversations').where({ assignee_user_id: userId }).whereIn('status', ['assigned', 'pending']).count();
      return Number(count);
    },
  };
}
