// Grants of channel permissions and what a user holds.
import type { Db } from '../../platform/database.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import type { User } from '../people/users-repository.js';
import { PERMISSIONS, type Permission, type Target, type TargetFacts } from './model.js';

export interface Grant {
  userId?: string;
  teamId?: string;
  permissions: Permission[];
}

export interface ChannelPermissions {
  /** False until an admin first sets the channel's permissions: until then everyone holds all. */
  restricted: boolean;
  grants: Grant[];
}

const ALL: ReadonlySet<Permission> = new Set(PERMISSIONS);

export async function getChannelPermissions(db: Db, channelId: string): Promise<ChannelPermissions> {
  const channel = await db('channels').where({ id: channelId }).first('permissions_restricted');
  if (!channel) throw new NotFound('no channel with that id');
  const rows = await db('channel_grants').where({ channel_id: channelId }).orderBy([{ column: 'user_id' }, { column: 'team_id' }])
    .select('user_id', 'team_id', 'permissions');
  return {
    restricted: Boolean(channel.permissions_restricted),
    grants: rows.map((r) => ({
      ...(r.user_id ? { userId: r.user_id as string } : { teamId: r.team_id as string }),
      permissions: PERMISSIONS.filter((p) => (r.permissions as string[]).includes(p)),
    })),
  };
}

/** Replaces the channel's grants (and restricts it); users and teams must be of its organisation. */
export async function putChannelPermissions(db: Db, channelId: string, grants: Grant[]): Promise<ChannelPermissions> {
  await db.transaction(async (trx) => {
    const channel = await trx('channels').where({ id: channelId }).forUpdate().first('org_id');
    if (!channel) throw new NotFound('no channel with that id');
    const userIds = grants.flatMap((g) => (g.userId ? [g.userId] : []));
    const teamIds = grants.flatMap((g) => (g.teamId ? [g.teamId] : []));
    for (const [ids, table, what] of [[userIds, 'users', 'user'], [teamIds, 'teams', 'team']] as const) {
      const twice = ids.find((id, i) => ids.indexOf(id) !== i);
      if (twice) throw new Invalid(`grants name the ${what} ${twice} twice: give each ${what} one grant`);
      const known = new Set((await trx(table).whereIn('id', ids).andWhere({ org_id: channel.org_id }).select('id')).map((r) => r.id as string));
      const unknown = ids.find((id) => !known.has(id));
      if (unknown) throw new Invalid(`no ${what} with id ${unknown} in this organisation`);
    }
    await trx('channel_grants').where({ channel_id: channelId }).delete();
    if (grants.length) {
      await trx('channel_grants').insert(grants.map((g) => ({
        channel_id: channelId, user_id: g.userId ?? null, team_id: g.teamId ?? null, permissions: [...new Set(g.permissions)],
      })));
    }
    await trx('channels').where({ id: channelId }).update({ permissions_restricted: true });
  });
  return getChannelPermissions(db, channelId);
}

/** What the user holds on every channel of their organisation, for checks without a query each. */
export interface Access {
  holds(channelId: string, permission: Permission): boolean;
}

export async function accessOf(db: Db, user: User): Promise<Access> {
  if (user.role === 'admin') return { holds: () => true };
  const { rows } = await db.raw(
    `SELECT ch.id, ch.permissions_restricted,
            coalesce((SELECT array_agg(DISTINCT p) FROM channel_grants g, unnest(g.permissions) p
                       WHERE g.channel_id = ch.id
                         AND (g.user_id = :userId::uuid OR g.team_id IN (SELECT team_id FROM team_members WHERE user_id = :userId::uuid))),
                     '{}') AS held
       FROM channels ch JOIN users u ON u.org_id = ch.org_id WHERE u.id = :userId::uuid`,
    { userId: user.id },
  );
  const byChannel = new Map<string, ReadonlySet<Permission>>(
    rows.map((r: { id: string; permissions_restricted: boolean; held: Permission[] }) => [r.id, r.permissions_restricted ? new Set(r.held) : ALL]),
  );
  return { holds: (channelId, p) => byChannel.get(channelId)?.has(p) ?? false };
}

/** A user's permissions on one channel: the union of their own grants and their teams'. */
export async function permissionsOf(db: Db, user: User, channelId: string): Promise<ReadonlySet<Permission>> {
  const access = await accessOf(db, user);
  return new Set(PERMISSIONS.filter((p) => access.holds(channelId, p)));
}

/** The facts deciding access to a target, or undefined when it does not exist (the route answers 404). */
export async function factsOf(db: Db, target: Target, id: string): Promise<TargetFacts | undefined> {
  const contactFacts = (where: string) =>
    `SELECT ct.channel_id, ch.name AS channel_name, true AS contact,
            EXISTS (SELECT 1 FROM conversations pc WHERE pc.contact_id = ct.id AND pc.kind = 'public') AS public,
            EXISTS (SELECT 1 FROM conversations pc WHERE pc.contact_id = ct.id AND pc.kind = 'private') AS private
       FROM contacts ct JOIN channels ch ON ch.id = ct.channel_id WHERE ${where}`;
  const conversationFacts = (where: string) =>
    `SELECT c.channel_id, ch.name AS channel_name, false AS contact, c.kind = 'public' AS public, false AS private
       FROM conversations c JOIN channels ch ON ch.id = c.channel_id WHERE ${where}`;
  const sql = {
    conversation: conversationFacts('c.id = ?::uuid'),
    message: conversationFacts('c.id = (SELECT m.conversation_id FROM messages m WHERE m.id = ?::uuid)'),
    contact: contactFacts('ct.id = ?::uuid'),
    note: contactFacts('ct.id = (SELECT n.contact_id FROM contact_notes n WHERE n.id = ?::uuid)'),
  }[target];
  const { rows } = await db.raw(sql, [id]);
  const r = rows[0];
  return r ? { channelId: r.channel_id, channelName: r.channel_name, public: r.public, private: r.private, contact: r.contact } : undefined;
}
