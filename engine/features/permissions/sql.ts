// Channel permissions as SQL, so that listings, counts and notification recipients filter in the
// same statement that reads them. Each fragment takes SQL expressions (a user id, a channel id, a
// conversation alias) and inlines only the fixed permission names, never user input.
import type { Permission } from './model.js';

/**
 * True when the user holds `permission` on the channel: admins hold all; on a channel no admin has
 * restricted every user holds all; otherwise a grant to the user or to one of their teams.
 */
export function holdsSql(userIdSql: string, channelIdSql: string, permission: Permission): string {
  return `EXISTS (SELECT 1 FROM users pu JOIN channels pch ON pch.id = ${channelIdSql}
                   WHERE pu.id = ${userIdSql}
                     AND (pu.role = 'admin' OR NOT pch.permissions_restricted
                          OR EXISTS (SELECT 1 FROM channel_grants pg
                                      WHERE pg.channel_id = pch.id AND '${permission}' = ANY (pg.permissions)
                                        AND (pg.user_id = pu.id
                                             OR pg.team_id IN (SELECT ptm.team_id FROM team_members ptm WHERE ptm.user_id = pu.id)))))`;
}

/**
 * True when the user may see the conversation (alias `c`, with `kind` and `channel_id`): public
 * conversations are visible to every user of the organisation (see model.ts), private ones need
 * viewPrivate on their channel.
 */
export function conversationVisibleSql(userIdSql: string, c = 'c'): string {
  return `(${c}.kind = 'public' OR ${holdsSql(userIdSql, `${c}.channel_id`, 'viewPrivate')})`;
}
