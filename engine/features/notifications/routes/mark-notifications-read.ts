import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { markNotificationsRead } from '../inbox.js';
import { currentUser } from '../../../http/request.js';
import { responses,uuid } from '../../../http/schemas.js';

export const markNotificationsReadRoute: ServerRoute = {
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
      return markNotificationsRead(request.server.app.ctx.db, currentUser(request).id, request.payload as { ids?: string[]; all?: boolean });
    },
  },
};
