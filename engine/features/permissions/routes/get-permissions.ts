import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { getChannelPermissions } from '../repository.js';
import { channelPermissions } from '../schemas.js';

export const getPermissionsRoute = route({
  method: 'GET',
  path: '/api/channels/{id}/permissions',
  description: "A channel's permission grants",
  tags: ['channels'],
  admin: true,
  validate: { params: idParams },
  docs: responses(channelPermissions, [400, 401, 403, 404]),
  handler: (request) => getChannelPermissions(request.server.app.ctx.db, idParam(request)),
});
