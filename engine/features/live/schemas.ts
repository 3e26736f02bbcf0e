import Joi from 'joi';
import { conversationItem } from '../../http/schemas.js';

// The `data:` of each Server-Sent Event, documented for generated clients. The SSE `event:` field
// is the kind; `id:` is the position to send back as Last-Event-ID.
export const liveEvent = Joi.object({
  id: Joi.string().description('Position of the event; the SSE id, to send back as Last-Event-ID').example('7461-1520'),
  kind: Joi.string()
    .valid('conversation.created', 'conversation.updated', 'message.created', 'message.updated', 'notification', 'contact.updated')
    .description('What happened; also the SSE event name'),
  at: Joi.string().description('When the change was committed (ISO 8601)'),
  conversationId: Joi.string().optional().description('The conversation concerned (all kinds but contact.updated)'),
  conversation: conversationItem.optional().description('The conversation as it is now, in the list-item shape'),
  change: Joi.alternatives(
    Joi.object({
      type: Joi.string().description('The audit event type, e.g. conversation.assigned, conversation.tags_changed'),
      actor: Joi.object().unknown(true).description('Who made the change'),
      detail: Joi.object().unknown(true).description('The audit detail'),
      at: Joi.string().description('When (ISO 8601)'),
    }).label('LiveChange'),
    Joi.string().valid('contact', 'note.created', 'note.updated', 'note.deleted').description('contact.updated: what changed').label('LiveContactChange'),
  ).optional().description('conversation.*: the audit event; contact.updated: what changed'),
  message: Joi.object().unknown(true).optional().description('message.*: the message as GET /api/conversations/{id} shows it').label('LiveMessage'),
  notification: Joi.object({
    id: Joi.string().description('Notification id'),
    kind: Joi.string().description('Notification kind'),
    conversationId: Joi.string().description('Its conversation'),
    createdAt: Joi.string().description('When it was created'),
    readAt: Joi.string().allow(null).description('When it was read; null while unread'),
    detail: Joi.object().unknown(true).description('Kind-specific facts'),
  }).optional().description('notification: the new notification').label('LiveNotification'),
  unreadCount: Joi.number().integer().optional().description('notification: your unread notifications now'),
  contactId: Joi.string().optional().description('contact.updated: the contact'),
  noteId: Joi.string().optional().description('contact.updated: the note created, edited or deleted'),
}).label('LiveEvent');
