import Joi from 'joi';
import { NOTIFICATION_KINDS } from './kinds.js';

// Notifications of the signed-in user, their preferences, and the inbox's counts and read markers
// (product.md, "Notifications" and "Queues and states").

export const kindList = NOTIFICATION_KINDS.join(', ');

export const notification = Joi.object({
  id: Joi.string(),
  kind: Joi.string().valid(...NOTIFICATION_KINDS),
  conversationId: Joi.string(),
  createdAt: Joi.string(),
  readAt: Joi.string().allow(null),
  detail: Joi.object().unknown(true).description('Facts of the event: contactName, channelName, text; for assignments actor and note'),
  conversation: Joi.object({
    id: Joi.string(),
    status: Joi.string(),
    kind: Joi.string(),
    channel: Joi.object({ id: Joi.string(), type: Joi.string(), name: Joi.string() }).label('NotificationChannel'),
    contact: Joi.object({ id: Joi.string(), name: Joi.string().allow(null) }).label('NotificationContact'),
    lastMessage: Joi.object({ text: Joi.string().allow(''), at: Joi.string(), direction: Joi.string() }).label('NotificationLastMessage'),
  }).label('NotificationConversation'),
}).label('Notification');

export const preference = Joi.object({ inApp: Joi.boolean(), email: Joi.boolean() }).label('KindPreference');
export const preferences = Joi.object({
  kinds: Joi.object(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, preference]))).label('PreferenceKinds'),
}).label('NotificationPreferences');

export const queueCount = Joi.object({ total: Joi.number().integer(), unread: Joi.number().integer() }).label('QueueCount');
