import Boom from '@hapi/boom';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses, uuid } from '../../../http/schemas.js';
import { getChannel } from '../../channels/repository.js';
import { listSavedReplies } from '../repository.js';
import { present, savedReply, viewerOf } from '../schemas.js';

export const listSavedRepliesRoute = route({
  method: 'GET',
  path: '/api/saved-replies',
  description: 'Your saved replies and the shared ones meant for you, by collection then name',
  notes:
    'Shared replies appear when shared with every team or one of yours, and (with channelId) with every channel or that one. q: words of the name or text, ignoring case and accents. all=true (admins): every shared reply whatever its scope.',
  tags: ['saved-replies'],
  validate: {
    query: Joi.object({
      channelId: uuid.description('Only replies usable in this channel'),
      q: Joi.string().trim().allow('').max(200).description('Search words').example('suivi'),
      all: Joi.boolean().default(false).description('Admins: every shared reply'),
    }),
  },
  docs: responses(Joi.array().items(savedReply).label('SavedReplies'), [400, 401, 403]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const query = request.query as { channelId?: string; q?: string; all: boolean };
    const viewer = await viewerOf(request);
    if (query.all && viewer.role !== 'admin') throw Boom.forbidden('all=true needs the admin role; agents see the replies meant for them');
    if (query.channelId && !(await getChannel(db, query.channelId))) throw Boom.badRequest(`channelId ${query.channelId} is not a channel`);
    const replies = await listSavedReplies(db, viewer, { channelId: query.channelId, q: query.q, allShared: query.all });
    return replies.map(present);
  },
});
