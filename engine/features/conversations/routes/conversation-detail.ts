import Boom from '@hapi/boom';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { markConversationRead } from '../../notifications/unread.js';
import { getConversationDetail } from '../repository.js';
import { detail } from '../schemas.js';

export const conversationDetailRoute = route({
  method: 'GET',
  path: '/api/conversations/{id}',
  description: 'A conversation with its messages and audit trail',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'read' },
  validate: { params: idParams },
  docs: responses(detail, [400, 401, 404]),
  handler: async (request) => {
    const found = await getConversationDetail(request.server.app.ctx.db, idParam(request), currentUser(request));
    if (!found) throw Boom.notFound('no conversation with that id');
    await markConversationRead(request.server.app.ctx.db, currentUser(request).id, found.id); // opening it reads it
    return found;
  },
});
