import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { listChannels } from '../repository.js';
import { channel, present } from '../schemas.js';

export const listChannelsRoute = route({
  method: 'GET',
  path: '/api/channels',
  description: 'List channels',
  tags: ['channels'],
  docs: responses(Joi.array().items(channel).label('Channels'), [401]),
  handler: async (request) => {
    const { ctx } = request.server.app;
    return (await listChannels(ctx.db)).map((row) => present(ctx, row));
  },
});
