import type { Plugin } from '@hapi/hapi';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The built admin UI at `/`, with index.html for every client-side route. */
export const uiPlugin: Plugin<{ dir: string }> = {
  name: 'switchboard-ui',
  register(server, { dir }) {
    const index = path.join(dir, 'index.html');
    server.route({
      method: 'GET',
      path: '/{path*}',
      options: {
        auth: false,
        plugins: { 'hapi-swagger': { exclude: true } },
        handler: (request, h) => {
          const wanted = path.normalize(path.join(dir, (request.params as { path?: string }).path ?? ''));
          if (wanted.startsWith(dir) && wanted !== dir && existsSync(wanted)) return h.file(wanted, { confine: dir });
          if (!existsSync(index)) return h.response('The admin UI is not built: run `npm run build:ui`.').code(503);
          return h.file(index, { confine: dir }).header('cache-control', 'no-cache');
        },
      },
    });
  },
};
