import Boom from '@hapi/boom';
import Joi from 'joi';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { markConversationRead } from '../unread.js';

export const conversationReadRoute = route({
  method: 'POST',
  path: '/api/conversations/{id}/read',
  description: 'Mark a conversation read for you (opening it does this too), with your notifications about it',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'read' },
  validate: { params: idParams },
  docs: responses(
    Joi.object({
      conversationId: Joi.string(),
      readAt: Joi.string(),
      readThrough: Joi.string().allow(null).description('The latest customer message this covers'),
      notificationsRead: Joi.number().integer(),
    }).label('ConversationRead'),
    [400, 401, 404],
  ),
  handler: async (request) => {
    const marked = await markConversationRead(request.server.app.ctx.db, currentUser(request).id, idParam(request));
    if (!marked) throw Boom.notFound('no conversation with that id');
    return marked;
  },
});
