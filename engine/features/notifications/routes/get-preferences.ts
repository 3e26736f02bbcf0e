import type { ServerRoute } from '@hapi/hapi';
import { getPreferences } from '../inbox.js';
import { currentUser } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { preferences } from '../schemas.js';

export const getPreferencesRoute: ServerRoute = {
  method: 'GET',
  path: '/api/me/notification-preferences',
  options: {
    description: 'Which notification kinds you get, in the app and by e-mail',
    tags: ['api', 'notifications'],
    plugins: responses(preferences, [401]),
    handler: (request) => getPreferences(request.server.app.ctx.db, currentUser(request).id),
  },
};
