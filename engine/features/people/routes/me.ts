import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { responses, user } from '../../../http/schemas.js';

export const meRoute = route({
  method: 'GET',
  path: '/api/me',
  description: 'The signed-in user',
  tags: ['auth'],
  docs: responses(user, [401]),
  handler: (request) => currentUser(request),
});
