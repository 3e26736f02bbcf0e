import Joi from 'joi';
import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, responses } from '../../../http/schemas.js';
import { teamIdsOf } from '../../people/teams-repository.js';
import { listConversations, type ListFilters } from '../repository.js';
import { listQuery } from '../schemas.js';

export const listConversationsRoute = route({
  method: 'GET',
  path: '/api/conversations',
  description: 'List conversations of a queue',
  tags: ['conversations'],
  permission: { listing: 'conversations' },
  validate: { query: listQuery },
  docs: responses(Joi.object({ items: Joi.array().items(conversationItem), nextCursor: Joi.string().optional() }).label('ConversationPage'), [400, 401]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const user = currentUser(request);
    return listConversations(db, user, await teamIdsOf(db, user.id), request.query as unknown as ListFilters);
  },
});
