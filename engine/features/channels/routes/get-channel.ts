import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import { idParam } from '../../../http/request.js';
import { getChannel } from '../repository.js';
import { idParams,responses } from '../../../http/schemas.js';
import { channel,present } from '../schemas.js';

export const getChannelRoute: ServerRoute = {
  method: 'GET',
  path: '/api/channels/{id}',
  options: {
    description: 'One channel',
    tags: ['api', 'channels'],
    validate: { params: idParams },
    plugins: responses(channel, [400, 401, 404]),
    handler: async (request) => {
      const { ctx } = request.server.app;
      const row = await getChannel(ctx.db, idParam(request));
      if (!row) throw Boom.notFound('no channel with that id');
      return present(ctx, row);
    },
  },
};
