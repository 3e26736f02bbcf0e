import Boom from '@hapi/boom';
import Joi from 'joi';
import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { putPreferences } from '../inbox.js';
import { isNotificationKind, type KindPreference, type NotificationKind } from '../kinds.js';
import { kindList, preferences } from '../schemas.js';

export const putPreferencesRoute = route({
  method: 'PUT',
  path: '/api/me/notification-preferences',
  description: 'Turn notification kinds on or off, in the app and by e-mail; kinds not named keep their setting',
  tags: ['notifications'],
  validate: {
    payload: Joi.object({
      kinds: Joi.object()
        .pattern(Joi.string(), Joi.object({ inApp: Joi.boolean(), email: Joi.boolean() }).or('inApp', 'email'))
        .required()
        .description(`Per kind (${kindList}): { inApp, email }`)
        .example({ 'conversation.new': { inApp: false, email: false }, 'conversation.assigned': { email: true } }),
    }).label('NotificationPreferencesChange'),
  },
  docs: responses(preferences, [400, 401]),
  handler: (request) => {
    const { kinds } = request.payload as { kinds: Record<string, Partial<KindPreference>> };
    const unknown = Object.keys(kinds).filter((k) => !isNotificationKind(k));
    if (unknown.length) {
      throw Boom.badRequest(`unknown notification kind${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}: choose from ${kindList}`);
    }
    return putPreferences(request.server.app.ctx.db, currentUser(request).id, kinds as Partial<Record<NotificationKind, Partial<KindPreference>>>);
  },
});
