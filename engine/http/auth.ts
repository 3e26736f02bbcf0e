import Boom from '@hapi/boom';
import type { Plugin, Request, ResponseToolkit } from '@hapi/hapi';
import { resolveToken } from '../features/people/tokens.js';

const HOW_TO = 'log in with POST /api/auth/login and send the token as "Authorization: Bearer <token>"';

function bearerOf(request: Request): string | undefined {
  const header = request.headers.authorization as string | undefined;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m?.[1];
  }
  // Server-Sent Events cannot set headers from a browser: allow ?token= there only.
  const query = request.query as Record<string, unknown>;
  if (request.path === '/api/events' && typeof query.token === 'string') return query.token;
  return undefined;
}

export const authPlugin: Plugin<void> = {
  name: 'switchboard-auth',
  register(server) {
    server.auth.scheme('bearer', () => ({
      async authenticate(request: Request, h: ResponseToolkit) {
        const token = bearerOf(request);
        if (!token) throw Boom.unauthorized(`missing bearer token: ${HOW_TO}`, 'Bearer');
        const found = await resolveToken(request.server.app.ctx.db, token);
        if ('refused' in found) throw Boom.unauthorized(found.refused, 'Bearer');
        // The token stays with the request: logout revokes it, a long-lived stream re-checks it (features/live).
        return h.authenticated({ credentials: { user: found.user }, artifacts: { token } });
      },
    }));
    server.auth.strategy('token', 'bearer');
    server.auth.default('token');

    server.ext('onPostAuth', (request, h) => {
      const role = request.route.settings.app?.role;
      if (role && request.auth.credentials?.user?.role !== role) {
        throw Boom.forbidden(`this action needs the ${role} role; you are signed in as ${request.auth.credentials?.user?.role ?? 'nobody'}`);
      }
      return h.continue;
    });
  },
};
