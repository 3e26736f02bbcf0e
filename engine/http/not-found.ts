import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';

// Unknown /api paths answer a JSON 404 for every method. GET is listed on its own: hapi prefers a
// route of the request's method over a '*' one, so without it the admin UI's `GET /{path*}` would
// answer an unknown API path with its HTML.
export const apiNotFoundRoutes: ServerRoute[] = (['*', 'GET'] as const).map((method) => ({
  method,
  path: '/api/{any*}',
  options: {
    auth: false,
    plugins: { 'hapi-swagger': { exclude: true } },
    handler: (request) => {
      throw Boom.notFound(`no route ${request.method.toUpperCase()} ${request.path}: see /documentation`);
    },
  },
}));
