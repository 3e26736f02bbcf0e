import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { deleteChannel } from '../repository.js';
import { idParams,responses } from '../../../http/schemas.js';

export const deleteChannelRoute: ServerRoute = {
  method: 'DELETE',
  path: '/api/channels/{id}',
  options: {
    app: { role: 'admin' },
    description: 'Disconnect a channel (admin); its conversations stay readable',
    tags: ['api', 'channels'],
    validate: { params: idParams },
    plugins: responses(Joi.object({ deleted: Joi.boolean() }).label('Deleted'), [400, 401, 403, 404]),
    handler: async (request) => {
      if (!(await deleteChannel(request.server.app.ctx.db, idParam(request)))) throw Boom.notFound('no channel with that id');
      return { deleted: true };
    },
  },
};
