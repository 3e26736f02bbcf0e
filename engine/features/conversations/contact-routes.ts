import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { setContactAttributes, type AttributePatch } from './contact-attributes.js';
import { getContactCard } from './contacts-repository.js';
import { currentUser, idParam } from '../../http/request.js';
import { idParams, responses, uuid } from '../../http/schemas.js';
import { agentActor, labelErrors } from './label-routes.js';

// A contact beside the conversation (api.md "Conversations"): attributes agents see and edit, and
// the contact's conversations of the last six months. Any signed-in user, like conversation actions.

const attributeValue = Joi.alternatives(Joi.string().allow(''), Joi.number(), Joi.boolean());

const contactCard = Joi.object({
  id: Joi.string(),
  channelId: Joi.string(),
  name: Joi.string(),
  attributes: Joi.object().pattern(Joi.string(), attributeValue).example({ plan: 'gold', orders: 3 }),
  conversations: Joi.array().items(Joi.object({
    id: Joi.string(),
    kind: Joi.string().valid('private', 'public'),
    status: Joi.string().valid('unassigned', 'assigned', 'pending', 'done'),
    lastMessage: Joi.object({ text: Joi.string().allow(''), at: Joi.string(), direction: Joi.string().valid('in', 'out') }),
  }).label('ContactConversation')).description('The last six months, newest first'),
}).label('Contact');

export const contactRoutes: ServerRoute[] = [
  {
    method: 'GET',
    path: '/api/contacts/{id}',
    options: {
      description: 'A contact with its attributes and its conversations of the last six months',
      tags: ['api', 'contacts'],
      validate: { params: idParams },
      plugins: responses(contactCard, [400, 401, 404]),
      handler: async (request) => {
        const card = await getContactCard(request.server.app.ctx.db, idParam(request));
        if (!card) throw Boom.notFound('no contact with that id');
        return card;
      },
    },
  },
  {
    method: 'PATCH',
    path: '/api/contacts/{id}',
    options: {
      description: 'Merge attributes into the contact\'s (null removes a key); keys are 1–64 letters, digits, "_" or "-"; text up to 500 characters',
      tags: ['api', 'contacts'],
      validate: {
        params: idParams,
        payload: Joi.object({
          // Keys and values are checked by setContactAttributes, the one rule for agents and automations.
          attributes: Joi.object().max(100).required().example({ plan: 'gold', orderNumber: null }),
          conversationId: uuid.description('The conversation whose audit trail records the change (default: the contact\'s latest)'),
        }).label('ContactPatch'),
      },
      plugins: responses(contactCard, [400, 401, 404]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        const contactId = idParam(request);
        const { attributes, conversationId } = request.payload as { attributes: AttributePatch; conversationId?: string };
        await setContactAttributes(db, { contactId, attributes, conversationId, actor: agentActor(currentUser(request)) }).catch(labelErrors);
        return (await getContactCard(db, contactId))!;
      },
    },
  },
];
