import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { revokeToken } from '../tokens.js';

export const logoutRoute = route({
  method: 'POST',
  path: '/api/auth/logout',
  description: "Log out: revokes the caller's bearer token (later requests with it → 401)",
  tags: ['auth'],
  docs: responses(undefined, [401], 204),
  handler: async (request, h) => {
    await revokeToken(request.server.app.ctx.db, request.auth.artifacts.token as string, 'signed out');
    return h.response().code(204);
  },
});
