import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { changeTags, InvalidLabelError, NotFoundError, setPriority, setTopic, TAG_NAME_MAX, type LabelActor } from './labels.js';
import { getConversationItem } from './repository.js';
import type { User } from '../people/users-repository.js';
import { PRIORITIES, type Priority } from '../../../rules/facts.js';
import { currentUser, idParam } from '../../http/request.js';
import { conversationItem, idParams, responses, uuid } from '../../http/schemas.js';

// Agents' labels on a conversation (api.md "Conversations"): priority, topic and tags. Any signed-in
// user may change them, like the other conversation actions; they fire no automation.

/** The 404 and 400 of the label and contact functions; anything else goes on to errors.ts. */
export function labelErrors(err: unknown): never {
  if (err instanceof NotFoundError) throw Boom.notFound(err.message);
  if (err instanceof InvalidLabelError) throw Boom.badRequest(err.message);
  throw err;
}

export function agentActor(user: User): LabelActor {
  return { type: 'user', id: user.id, name: user.name };
}

const tagNames = Joi.array().items(Joi.string().trim().min(1).max(TAG_NAME_MAX)).max(100);

export const labelRoutes: ServerRoute[] = [
  {
    method: 'PATCH',
    path: '/api/conversations/{id}',
    options: {
      description: 'Set the priority and/or the topic (topicId null clears it)',
      tags: ['api', 'conversations'],
      validate: {
        params: idParams,
        payload: Joi.object({
          priority: Joi.string().valid(...PRIORITIES),
          topicId: uuid.allow(null).description('A topic id from GET /api/topics, or null to clear'),
        }).or('priority', 'topicId').label('ConversationPatch'),
      },
      plugins: responses(conversationItem, [400, 401, 404]),
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
        }).catch(labelErrors);
        return (await getConversationItem(db, conversationId, user))!;
      },
    },
  },
  {
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
        await changeTags(db, { conversationId, add, remove, actor: agentActor(user) }).catch(labelErrors);
        return (await getConversationItem(db, conversationId, user))!;
      },
    },
  },
];
