import Joi from 'joi';
import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { listNotifications } from '../inbox.js';
import { notification } from '../schemas.js';

export const listNotificationsRoute = route({
  method: 'GET',
  path: '/api/notifications',
  description: 'Your notifications, newest first',
  tags: ['notifications'],
  permission: { listing: 'notifications' },
  validate: {
    query: Joi.object({
      unread: Joi.boolean().default(false).description('Only those not read yet'),
      limit: Joi.number().integer().min(1).max(100).default(50).description('Page size'),
      cursor: Joi.string().max(500).description('nextCursor of the previous page'),
    }).label('NotificationQuery'),
  },
  docs: responses(
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
});
