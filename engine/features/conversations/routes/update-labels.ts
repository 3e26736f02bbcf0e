import Joi from 'joi';
import { PRIORITIES, type Priority } from '../../../../rules/facts.js';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, idParams, responses, uuid } from '../../../http/schemas.js';
import { agentActor } from '../label-schemas.js';
import { setPriority, setTopic } from '../labels.js';
import { getConversationItem } from '../repository.js';

export const updateLabelsRoute = route({
  method: 'PATCH',
  path: '/api/conversations/{id}',
  description: 'Set the priority and/or the topic (topicId null clears it)',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'act' },
  validate: {
    params: idParams,
    payload: Joi.object({
      priority: Joi.string().valid(...PRIORITIES).description('The conversation priority'),
      topicId: uuid.allow(null).description('A topic id from GET /api/topics, or null to clear'),
    }).or('priority', 'topicId').label('ConversationPatch'),
  },
  docs: responses(conversationItem, [400, 401, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const user = currentUser(request);
    const conversationId = idParam(request);
    const input = request.payload as { priority?: Priority; topicId?: string | null };
    const actor = agentActor(user);
    // One transaction: an unknown topic leaves the priority unchanged too.
    await db.transaction(async (trx) => {
      if (input.topicId !== undefined) await setTopic(trx, { conversationId, topicId: input.topicId, actor });
      if (input.priority !== undefined) await setPriority(trx, { conversationId, priority: input.priority, actor });
    });
    return (await getConversationItem(db, conversationId, user))!;
  },
});
