import Boom from '@hapi/boom';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { deleteChannel } from '../repository.js';
import { channelAudit } from '../../audit/targets.js';

export const deleteChannelRoute = route({
  method: 'DELETE',
  path: '/api/channels/{id}',
  admin: true,
  audit: channelAudit('deleted'),
  description: 'Disconnect a channel (admin); its conversations stay readable',
  tags: ['channels'],
  validate: { params: idParams },
  docs: responses(Joi.object({ deleted: Joi.boolean() }).label('Deleted'), [400, 401, 403, 404]),
  handler: async (request) => {
    if (!(await deleteChannel(request.server.app.ctx.db, idParam(request)))) throw Boom.notFound('no channel with that id');
    return { deleted: true };
  },
});
