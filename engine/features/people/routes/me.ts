import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { getProfile } from '../profile-repository.js';
import { profile } from '../schemas.js';
import { Unauthorized } from '../../../platform/errors.js';

export const meRoute = route({
  method: 'GET',
  path: '/api/me',
  description: 'The signed-in user, with their language and time zone',
  tags: ['auth'],
  docs: responses(profile, [401]),
  handler: async (request) => {
    const found = await getProfile(request.server.app.ctx.db, currentUser(request).id);
    if (!found) throw new Unauthorized('your account no longer exists');
    return found;
  },
});
