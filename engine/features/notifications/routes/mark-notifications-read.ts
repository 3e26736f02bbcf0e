import Joi from 'joi';
import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { responses, uuid } from '../../../http/schemas.js';
import { markNotificationsRead } from '../inbox.js';

export const markNotificationsReadRoute = route({
  method: 'POST',
  path: '/api/notifications/read',
  description: 'Mark some of your notifications, or all of them, read',
  tags: ['notifications'],
  validate: {
    payload: Joi.object({
      ids: Joi.array().items(uuid).min(1).max(500).unique().description('Your notifications to mark read'),
      all: Joi.boolean().valid(true).description('Mark every notification of yours read'),
    }).xor('ids', 'all').label('MarkNotificationsRead'),
  },
  docs: responses(Joi.object({ marked: Joi.number().integer(), unreadCount: Joi.number().integer() }).label('MarkedRead'), [400, 401]),
  handler: async (request) => {
    return markNotificationsRead(request.server.app.ctx.db, currentUser(request).id, request.payload as { ids?: string[]; all?: boolean });
  },
});
