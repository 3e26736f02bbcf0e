import Boom from '@hapi/boom';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { stopPolling } from '../../polling/schedule.js';
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
    const { ctx } = request.server.app;
    if (!(await deleteChannel(ctx.db, idParam(request)))) throw Boom.notFound('no channel with that id');
    // Harmless for channels that are not polled: there is no such workflow.
    await stopPolling(ctx.temporal, idParam(request));
    return { deleted: true };
  },
});
