import type { ServerRoute } from '@hapi/hapi';
import { currentUser } from '../../../http/request.js';
import { responses, user } from '../../../http/schemas.js';

export const meRoute: ServerRoute = {
method: 'GET',
path: '/api/me',
options: {
  description: 'The signed-in user',
  tags: ['api', 'auth'],
  plugins: responses(user, [401]),
  handler: (request) => currentUser(request),
},
};
