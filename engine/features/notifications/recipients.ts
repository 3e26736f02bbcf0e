// Who hears about a conversation. Kept as SQL fragments so that a notification is one statement on
// the inbound hot path.

/**
 * The users of the channel's organisation, as a query selecting `user_id`, given an SQL expression
 * for the channel id. Channel permissions then narrow every notification's recipients to those who
 * may see its conversation (notify.ts, with features/permissions/sql.ts).
 */
export function usersAllowedOnChannel(channelIdSql: string): string {
  return `SELECT u.id AS user_id FROM users u JOIN channels ch ON ch.org_id = u.org_id WHERE ch.id = ${channelIdSql}`;
}

/** The members of a team, as a query selecting `user_id`; the team id is the named binding `teamId`. */
export function teamMembers(): string {
  return 'SELECT tm.user_id FROM team_members tm WHERE tm.team_id = :teamId::uuid';
}

/** One user, as a query selecting `user_id`; the user id is the named binding `userId`. */
export function oneUser(): string {
  return 'SELECT :userId::uuid AS user_id';
}
