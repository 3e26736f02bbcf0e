import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { changeTags } from '../labels.js';
import { getConversationItem } from '../repository.js';
import { currentUser,idParam } from '../../../http/request.js';
import { conversationItem,idParams,responses } from '../../../http/schemas.js';
import { agentActor,tagNames } from '../label-schemas.js';

export const changeTagsRoute: ServerRoute = {
  method: 'POST',
  path: '/api/conversations/{id}/tags',
  options: {
    description: 'Add and/or remove tags by name (ignoring case); a new name joins the tag list',
    tags: ['api', 'conversations'],
    validate: {
      params: idParams,
      payload: Joi.object({
        add: tagNames.example(['refund']),
        remove: tagNames.example(['question']),
      }).or('add', 'remove').label('TagChange'),
    },
    plugins: responses(conversationItem, [400, 401, 404]),
    handler: async (request) => {
      const { db } = request.server.app.ctx;
      const user = currentUser(request);
      const conversationId = idParam(request);
      const { add, remove } = request.payload as { add?: string[]; remove?: string[] };
      await changeTags(db, { conversationId, add, remove, actor: agentActor(user) });
      return (await getConversationItem(db, conversationId, user))!;
    },
  },
};
