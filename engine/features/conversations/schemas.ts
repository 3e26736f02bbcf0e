import Joi from 'joi';
import { CONVERSATION_KINDS } from '../../../rules/facts.js';
import { conversationItem, uuid } from '../../http/schemas.js';

export const listQuery = Joi.object({
  queue: Joi.string().valid('unassigned', 'assigned', 'mine', 'pending', 'done').description('Omitted: every conversation you may see'),
  channelId: uuid.description('Only conversations of this channel'),
  kind: Joi.string().valid(...CONVERSATION_KINDS).description('Only private (DM) or public (comments) conversations'),
  assigneeId: uuid.description('Only conversations assigned to this user'),
  teamId: uuid.description("Only conversations of this team"),
  tag: Joi.string().trim().min(1).max(200).description('Only conversations with this tag (name, ignoring case)'),
  order: Joi.string().valid('desc', 'asc').default('desc').description('By last message; newest first by default'),
  limit: Joi.number().integer().min(1).max(100).default(50).description('Page size'),
  cursor: Joi.string().max(500).description('nextCursor of the previous page'),
}).label('ConversationQuery');

export const runningScript = Joi.object({
  id: Joi.string().description('The script document'),
  name: Joi.string().description('Its name, as published'),
  version: Joi.number().integer().description('The published version it started with'),
  stepId: Joi.string().description('The step it is at (the question waiting for the customer)'),
})
  .description('The autoresponder script running now; absent when none runs')
  .label('RunningScript');

export const detail = conversationItem.keys({
  workflowId: Joi.string().description("Admins only: the conversation's Temporal workflow id (see GET /api/meta)"),
  script: runningScript.optional(),
  post: Joi.object().unknown(true).label('Post').description('Public threads: the post (id, text, author, link, media)'),
  messages: Joi.array().items(Joi.object().unknown(true).label('Message')),
  events: Joi.array().items(Joi.object({ type: Joi.string(), actor: Joi.object().unknown(true), at: Joi.string(), detail: Joi.object().unknown(true) }).label('Event')),
}).label('ConversationDetail');

export const actionCodes = [400, 401, 404, 409];
