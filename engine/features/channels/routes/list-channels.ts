import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { listChannels } from '../repository.js';
import { responses } from '../../../http/schemas.js';
import { channel,present } from '../schemas.js';

export const listChannelsRoute: ServerRoute = {
  method: 'GET',
  path: '/api/channels',
  options: {
    description: 'List channels',
    tags: ['api', 'channels'],
    plugins: responses(Joi.array().items(channel).label('Channels'), [401]),
    handler: async (request) => {
      const { ctx } = request.server.app;
      return (await listChannels(ctx.db)).map((row) => present(ctx, row));
    },
  },
};
