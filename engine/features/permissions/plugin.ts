import type { Plugin, Request } from '@hapi/hapi';
import { currentUser } from '../../http/request.js';
import { requirePermission } from './check.js';
import { getPermissionsRoute } from './routes/get-permissions.js';
import { putPermissionsRoute } from './routes/put-permissions.js';

function at(request: Request, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], request);
}

/**
 * Channel permissions (api.md "Context, permissions and metrics"): the grants routes, and the one
 * extension that enforces every route's declared `permission` before its handler runs (after
 * validation, so ids are well-formed).
 */
export const permissionsPlugin: Plugin<void> = {
  name: 'switchboard-permissions',
  register(server) {
    server.route([getPermissionsRoute, putPermissionsRoute]);
    server.ext('onPreHandler', async (request, h) => {
      const rule = request.route.settings.app?.permission;
      if (!rule || 'listing' in rule) return h.continue;
      const { db } = request.server.app.ctx;
      const user = currentUser(request);
      if ('each' in rule) {
        const refused = new Map<string, Error>();
        for (const id of (at(request, rule.each) as string[] | undefined) ?? []) {
          await requirePermission(db, user, rule.target, rule.level, id).catch((err: Error) => refused.set(id, err));
        }
        request.plugins.refused = refused;
      } else {
        await requirePermission(db, user, rule.target, rule.level, String(at(request, rule.from ?? 'params.id')));
      }
      return h.continue;
    });
  },
};
