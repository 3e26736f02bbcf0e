// Route defaults in one place: every route is in the API docs (tag `api`), signed in unless it
// says `auth: false`, admin-only with `admin: true`, guarded by a channel permission with
// `permission`, audited with `audit`, and documents its answers with `docs`.
import type { RouteOptions, ServerRoute } from '@hapi/hapi';
import type { PermissionRule } from '../features/permissions/model.js';
import type { AuditOption } from './audit.js';
import type { responses } from './schemas.js';

export interface RouteSpec extends Omit<RouteOptions, 'tags' | 'app' | 'plugins' | 'handler'> {
  method: ServerRoute['method'];
  path: string;
  /** OpenAPI groups (the `api` tag is added). */
  tags: string[];
  /** Only admins may call it. */
  admin?: boolean;
  /**
   * The channel permission it needs on what it reads or acts on, checked before the handler by the
   * permissions plugin; or `{ listing }` when it filters its answer by permission in SQL.
   */
  permission?: PermissionRule;
  /** How its change is recorded in the admin audit (every non-GET admin route says). */
  audit?: AuditOption;
  /** The documented answers: `responses(ok, codes)`. */
  docs?: ReturnType<typeof responses>;
  handler: NonNullable<RouteOptions['handler']>;
}

export function route({ method, path, tags, admin, permission, audit, docs, ...options }: RouteSpec): ServerRoute {
  return {
    method,
    path,
    options: {
      ...options,
      tags: ['api', ...tags],
      ...(admin || permission || audit
        ? { app: { ...(admin ? { role: 'admin' as const } : {}), ...(permission ? { permission } : {}), ...(audit ? { audit } : {}) } }
        : {}),
      ...(docs ? { plugins: docs } : {}),
    },
  };
}
