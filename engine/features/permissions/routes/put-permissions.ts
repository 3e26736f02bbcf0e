import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { getChannelPermissions, putChannelPermissions, type Grant } from '../repository.js';
import { channelPermissions, grantsPayload } from '../schemas.js';

export const putPermissionsRoute = route({
  method: 'PUT',
  path: '/api/channels/{id}/permissions',
  description: "Replace a channel's permission grants",
  notes: "A user's permissions are the union of their own grant and their teams'. The first PUT restricts the channel: from then on only grants count (admins hold all).",
  tags: ['channels'],
  admin: true,
  audit: {
    type: 'channel.permissions_changed',
    target: 'channel',
    // The grants before and after; the channel's name to show.
    load: async (db, id) => {
      const channel = id ? await db('channels').where({ id }).first('name') : undefined;
      return channel ? { name: channel.name as string, ...(await getChannelPermissions(db, id!)) } : undefined;
    },
  },
  validate: { params: idParams, payload: grantsPayload },
  docs: responses(channelPermissions, [400, 401, 403, 404]),
  handler: (request) => putChannelPermissions(request.server.app.ctx.db, idParam(request), (request.payload as { grants: Grant[] }).grants),
});
