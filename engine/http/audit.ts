// The audit of admin changes (api.md "Context, permissions and metrics"), declared on each route and
// recorded here, in one place: the target's state is loaded before the handler runs and again after
// it succeeded, and one row is written with who did it. A route that changes nothing says so with
// `audit: 'no change'`; test/api/audit.test.ts holds every other non-GET admin route to an `audit`.
import type { Plugin, Request } from '@hapi/hapi';
import { recordAudit } from '../features/audit/repository.js';
import type { Db } from '../platform/database.js';

export interface AuditSpec {
  /** What happened, `<kind>.<verb>`: `channel.updated`; or worked out from the states. */
  type: string | ((before: unknown, after: unknown) => string);
  /** What kind of thing changed: `channel`, `user`, `setting`, `automation`… */
  target: string;
  /** The target's id: by default the `id` path parameter, else the `id` of the answer (creates). */
  id?: (request: Request, answer?: unknown) => string | undefined;
  /**
   * The target's state now, never with secrets in it; undefined when it does not exist. `before` is
   * its value ahead of the handler, `after` its value once the handler succeeded. Without it,
   * `before` stays empty and `after` is the answer.
   */
  load?: (db: Db, id: string | undefined, request: Request, phase: 'before' | 'after') => Promise<unknown>;
  /** A name to show for the target; by default the state's `name`. */
  name?: (state: any) => string | undefined;
}

/** What a route declares: how its change is audited, or why it changes nothing worth recording. */
export type AuditOption = AuditSpec | 'no change';

declare module '@hapi/hapi' {
  interface PluginsStates {
    audit?: { id?: string; before?: unknown };
  }
}

function defaultId(request: Request, answer?: unknown): string | undefined {
  const param = (request.params as Record<string, string | undefined>).id;
  if (param) return param;
  const id = (answer as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

const defaultName = (state: unknown) => {
  const name = (state as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
};

export function auditOf(request: Request): AuditSpec | undefined {
  const audit = request.route.settings.app?.audit;
  return audit && audit !== 'no change' ? audit : undefined;
}

export const auditRecordingPlugin: Plugin<void> = {
  name: 'switchboard-audit-recording',
  register(server) {
    // After authentication and validation, so a refused request loads nothing.
    server.ext('onPreHandler', async (request, h) => {
      const spec = auditOf(request);
      if (!spec?.load) return h.continue;
      const id = (spec.id ?? defaultId)(request);
      request.plugins.audit = { id, before: await spec.load(request.server.app.ctx.db, id, request, 'before') };
      return h.continue;
    });

    // Runs only when the handler succeeded (an error skips to onPreResponse).
    server.ext('onPostHandler', async (request, h) => {
      const spec = auditOf(request);
      const response = request.response;
      if (!spec || !response || 'isBoom' in response || response.statusCode >= 400) return h.continue;
      const { ctx } = request.server.app;
      const answer = response.source;
      const id = request.plugins.audit?.id ?? (spec.id ?? defaultId)(request, answer);
      const before = request.plugins.audit?.before;
      try {
        const after = spec.load ? await spec.load(ctx.db, id, request, 'after') : answer;
        const nameOf = spec.name ?? defaultName;
        const user = request.auth.credentials.user!;
        await recordAudit(ctx.db, {
          actor: { id: user.id, name: user.name },
          type: typeof spec.type === 'string' ? spec.type : spec.type(before, after),
          target: { kind: spec.target, id, name: nameOf(after) ?? nameOf(before) },
          before,
          after,
        });
      } catch (err) {
        // The change itself is done: failing the answer now would invite a retry that repeats it.
        ctx.logger.error({ err, type: spec.type, path: request.path }, 'could not record the audit of an admin change');
      }
      return h.continue;
    });
  },
};
