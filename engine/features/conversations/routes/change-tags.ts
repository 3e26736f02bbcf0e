import Joi from 'joi';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, idParams, responses } from '../../../http/schemas.js';
import { agentActor, tagNames } from '../label-schemas.js';
import { changeTags } from '../labels.js';
import { getConversationItem } from '../repository.js';

export const changeTagsRoute = route({
  method: 'POST',
  path: '/api/conversations/{id}/tags',
  description: 'Add and/or remove tags by name (ignoring case); a new name joins the tag list',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'act' },
  validate: {
    params: idParams,
    payload: Joi.object({
      add: tagNames.description('Tag names to add (created when new)').example(['refund']),
      remove: tagNames.description('Tag names to remove').example(['question']),
    }).or('add', 'remove').label('TagChange'),
  },
  docs: responses(conversationItem, [400, 401, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const user = currentUser(request);
    const conversationId = idParam(request);
    const { add, remove } = request.payload as { add?: string[]; remove?: string[] };
    await changeTags(db, { conversationId, add, remove, actor: agentActor(user) });
    return (await getConversationItem(db, conversationId, user))!;
  },
});
