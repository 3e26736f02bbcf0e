import type { Db } from '../../platform/database.js';
import { conflictOnDuplicate } from '../../platform/errors.js';
import { orgId } from '../../platform/org.js';

export interface Team {
  id: string;
  name: string;
  memberIds: string[];
  /** In the list: each member's id and name. */
  members?: { id: string; name: string }[];
}

export async function createTeam(db: Db, input: { name: string; memberIds: string[] }): Promise<Team> {
  return db.transaction(async (trx) => {
    const [row] = await trx('teams').insert({ org_id: await orgId(db), name: input.name }).returning(['id', 'name'])
      .catch(conflictOnDuplicate(`a team named "${input.name}" already exists`));
    const memberIds = [...new Set(input.memberIds)];
    if (memberIds.length) await trx('team_members').insert(memberIds.map((user_id) => ({ team_id: row.id, user_id })));
    return { ...row, memberIds };
  });
}

export async function listTeams(db: Db): Promise<Team[]> {
  const rows = await db('teams as t')
    .leftJoin('team_members as m', 'm.team_id', 't.id')
    .groupBy('t.id', 't.name', 't.created_at')
    .orderBy('t.created_at')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select(
      't.id',
      't.name',
      db.raw("coalesce(array_agg(m.user_id) filter (where m.user_id is not null), '{}') as member_ids"),
      // Names too: agents assign to a colleague of a team without the admin-only user list.
      db.raw("coalesce(json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name) filter (where u.id is not null), '[]') as members"),
    );
  return rows.map((r) => ({ id: r.id, name: r.name, memberIds: r.member_ids, members: r.members }));
}

export function getTeam(db: Db, id: string) {
  return db('teams').where({ id }).first('id', 'name');
}

export async function teamIdsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db('team_members').where({ user_id: userId }).select('team_id');
  return rows.map((r) => r.team_id);
}

/** Renames a team and/or replaces its members; undefined when there is no such team. */
export async function updateTeam(db: Db, id: string, input: { name?: string; memberIds?: string[] }): Promise<Team | undefined> {
  return db.transaction(async (trx) => {
    const team = await trx('teams').where({ id }).forUpdate().first('id', 'name');
    if (!team) return undefined;
    if (input.name !== undefined && input.name !== team.name) {
      await trx('teams').where({ id }).update({ name: input.name })
        .catch(conflictOnDuplicate(`a team named "${input.name}" already exists`));
    }
    if (input.memberIds !== undefined) {
      const memberIds = [...new Set(input.memberIds)];
      await trx('team_members').where({ team_id: id }).delete();
      if (memberIds.length) await trx('team_members').insert(memberIds.map((user_id) => ({ team_id: id, user_id })));
    }
    const members = await trx('team_members').where({ team_id: id }).select('user_id');
    return { id, name: input.name ?? team.name, memberIds: members.map((m) => m.user_id as string) };
  });
}
