import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { getPreferences } from '../inbox.js';
import { preferences } from '../schemas.js';

export const getPreferencesRoute = route({
  method: 'GET',
  path: '/api/me/notification-preferences',
  description: 'Which notification kinds you get, in the app and by e-mail',
  tags: ['notifications'],
  docs: responses(preferences, [401]),
  handler: (request) => getPreferences(request.server.app.ctx.db, currentUser(request).id),
});
