import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { teamIdsOf } from '../people/teams-repository.js';
import { isNotificationKind, NOTIFICATION_KINDS, type KindPreference, type NotificationKind } from './kinds.js';
import { getPreferences, listNotifications, markNotificationsRead, putPreferences, UnknownNotificationsError } from './inbox.js';
import { markConversationRead, queueCounts, QUEUES } from './unread.js';
import { currentUser, idParam } from '../../http/request.js';
import { idParams, responses, uuid } from '../../http/schemas.js';

// Notifications of the signed-in user, their preferences, and the inbox's counts and read markers
// (product.md, "Notifications" and "Queues and states").

const kindList = NOTIFICATION_KINDS.join(', ');

const notification = Joi.object({
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

const preference = Joi.object({ inApp: Joi.boolean(), email: Joi.boolean() }).label('KindPreference');
const preferences = Joi.object({
  kinds: Joi.object(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, preference]))).label('PreferenceKinds'),
}).label('NotificationPreferences');

const queueCount = Joi.object({ total: Joi.number().integer(), unread: Joi.number().integer() }).label('QueueCount');

export const notificationRoutes: ServerRoute[] = [
  {
    method: 'GET',
    path: '/api/notifications',
    options: {
      description: 'Your notifications, newest first',
      tags: ['api', 'notifications'],
      validate: {
        query: Joi.object({
          unread: Joi.boolean().default(false).description('Only those not read yet'),
          limit: Joi.number().integer().min(1).max(100).default(50),
          cursor: Joi.string().max(500).description('nextCursor of the previous page'),
        }).label('NotificationQuery'),
      },
      plugins: responses(
        Joi.object({
          items: Joi.array().items(notification),
          unreadCount: Joi.number().integer().description('All your unread notifications, not only this page'),
          nextCursor: Joi.string().optional(),
        }).label('NotificationPage'),
        [400, 401],
      ),
      handler: (request) => {
        const { unread, limit, cursor } = request.query as { unread: boolean; limit: number; cursor?: string };
        return listNotifications(request.server.app.ctx.db, currentUser(request).id, { unread, limit, cursor });
      },
    },
  },
  {
    method: 'POST',
    path: '/api/notifications/read',
    options: {
      description: 'Mark some of your notifications, or all of them, read',
      tags: ['api', 'notifications'],
      validate: {
        payload: Joi.object({
          ids: Joi.array().items(uuid).min(1).max(500).unique(),
          all: Joi.boolean().valid(true),
        }).xor('ids', 'all').label('MarkNotificationsRead'),
      },
      plugins: responses(Joi.object({ marked: Joi.number().integer(), unreadCount: Joi.number().integer() }).label('MarkedRead'), [400, 401]),
      handler: async (request) => {
        try {
          return await markNotificationsRead(request.server.app.ctx.db, currentUser(request).id, request.payload as { ids?: string[]; all?: boolean });
        } catch (err) {
          if (err instanceof UnknownNotificationsError) throw Boom.badRequest(err.message);
          throw err;
        }
      },
    },
  },
  {
    method: 'GET',
    path: '/api/me/notification-preferences',
    options: {
      description: 'Which notification kinds you get, in the app and by e-mail',
      tags: ['api', 'notifications'],
      plugins: responses(preferences, [401]),
      handler: (request) => getPreferences(request.server.app.ctx.db, currentUser(request).id),
    },
  },
  {
    method: 'PUT',
    path: '/api/me/notification-preferences',
    options: {
      description: 'Turn notification kinds on or off, in the app and by e-mail; kinds not named keep their setting',
      tags: ['api', 'notifications'],
      validate: {
        payload: Joi.object({
          kinds: Joi.object()
            .pattern(Joi.string(), Joi.object({ inApp: Joi.boolean(), email: Joi.boolean() }).or('inApp', 'email'))
            .required()
            .description(`Per kind (${kindList}): { inApp, email }`)
            .example({ 'conversation.new': { inApp: false, email: false }, 'conversation.assigned': { email: true } }),
        }).label('NotificationPreferencesChange'),
      },
      plugins: responses(preferences, [400, 401]),
      handler: (request) => {
        const { kinds } = request.payload as { kinds: Record<string, Partial<KindPreference>> };
        const unknown = Object.keys(kinds).filter((k) => !isNotificationKind(k));
        if (unknown.length) {
          throw Boom.badRequest(`unknown notification kind${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}: choose from ${kindList}`);
        }
        return putPreferences(request.server.app.ctx.db, currentUser(request).id, kinds as Partial<Record<NotificationKind, Partial<KindPreference>>>);
      },
    },
  },
  {
    method: 'GET',
    path: '/api/conversations/counts',
    options: {
      description: 'Conversations and unread conversations in each of your queues',
      notes: 'Unread: the conversation has a customer message newer than the last time you opened it (or marked it read).',
      tags: ['api', 'conversations'],
      plugins: responses(
        Joi.object({ queues: Joi.object(Object.fromEntries(QUEUES.map((q) => [q, queueCount]))).label('QueueCounts') }).label('ConversationCounts'),
        [401],
      ),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        const user = currentUser(request);
        return queueCounts(db, user, await teamIdsOf(db, user.id));
      },
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/{id}/read',
    options: {
      description: 'Mark a conversation read for you (opening it does this too), with your notifications about it',
      tags: ['api', 'conversations'],
      validate: { params: idParams },
      plugins: responses(
        Joi.object({
          conversationId: Joi.string(),
          readAt: Joi.string(),
          readThrough: Joi.string().allow(null).description('The latest customer message this covers'),
          notificationsRead: Joi.number().integer(),
        }).label('ConversationRead'),
        [400, 401, 404],
      ),
      handler: async (request) => {
        const marked = await markConversationRead(request.server.app.ctx.db, currentUser(request).id, idParam(request));
        if (!marked) throw Boom.notFound('no conversation with that id');
        return marked;
      },
    },
  },
];
