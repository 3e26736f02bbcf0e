import Joi from 'joi';
import { CONVERSATION_KINDS } from '../../../rules/facts.js';

// A contact beside the conversation (api.md "Conversations"): attributes agents see and edit, and
// the contact's conversations of the last six months. Any signed-in user, like conversation actions.

export const attributeValue = Joi.alternatives(Joi.string().allow(''), Joi.number(), Joi.boolean());

export const contactCard = Joi.object({
  id: Joi.string(),
  channelId: Joi.string(),
  name: Joi.string(),
  attributes: Joi.object().pattern(Joi.string(), attributeValue).example({ plan: 'gold', orders: 3 }),
  conversations: Joi.array().items(Joi.object({
    id: Joi.string(),
    kind: Joi.string().valid(...CONVERSATION_KINDS),
    status: Joi.string().valid('unassigned', 'assigned', 'pending', 'done'),
    lastMessage: Joi.object({ text: Joi.string().allow(''), at: Joi.string(), direction: Joi.string().valid('in', 'out') }),
  }).label('ContactConversation')).description('The last six months, newest first'),
}).label('Contact');
