import Boom from '@hapi/boom';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { getChannel } from '../repository.js';
import { channel, present } from '../schemas.js';

export const getChannelRoute = route({
  method: 'GET',
  path: '/api/channels/{id}',
  description: 'One channel',
  tags: ['channels'],
  validate: { params: idParams },
  docs: responses(channel, [400, 401, 404]),
  handler: async (request) => {
    const { ctx } = request.server.app;
    const row = await getChannel(ctx.db, idParam(request));
    if (!row) throw Boom.notFound('no channel with that id');
    return present(ctx, row);
  },
});
