import Boom from '@hapi/boom';
import Hapi from '@hapi/hapi';
import Inert from '@hapi/inert';
import Vision from '@hapi/vision';
import { auditPlugin } from '../features/audit/plugin.js';
import { automationPlugin } from '../features/automation/plugin.js';
import { channelsPlugin } from '../features/channels/plugin.js';
import { conversationsPlugin } from '../features/conversations/plugin.js';
import { inboundPlugin } from '../features/inbound/plugin.js';
import { messageActionsPlugin } from '../features/message-actions/plugin.js';
import { contextPlugin } from '../features/context/plugin.js';
import { metricsPlugin } from '../features/metrics/plugin.js';
import { tagSuggestionsPlugin } from '../features/tag-suggestions/plugin.js';
import { livePlugin } from '../features/live/plugin.js';
import { lifecycleSettingsPlugin } from '../features/lifecycle-settings/plugin.js';
import { notificationsPlugin } from '../features/notifications/plugin.js';
import { operationsPlugin } from '../features/operations/plugin.js';
import { permissionsPlugin } from '../features/permissions/plugin.js';
import { peoplePlugin } from '../features/people/plugin.js';
import { routingPlugin } from '../features/routing/plugin.js';
import { savedRepliesPlugin } from '../features/saved-replies/plugin.js';
import { auditRecordingPlugin } from '../http/audit.js';
import { authPlugin } from '../http/auth.js';
import type { AppContext } from '../http/context.js';
import { errorsPlugin } from '../http/errors.js';
import { healthRoute } from '../http/health.js';
import { apiNotFoundRoutes } from '../http/not-found.js';
import { openApiPlugin } from '../http/openapi.js';
import { uiPlugin } from '../http/ui.js';

/** Bodies of the API's own JSON routes: far above any document or reply, far below what would hurt. */
export const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

/** Each feature is one plugin that owns its routes. */
const FEATURES = [
  peoplePlugin,
  channelsPlugin,
  conversationsPlugin,
  inboundPlugin,
  messageActionsPlugin,
  automationPlugin,
  lifecycleSettingsPlugin,
  routingPlugin,
  notificationsPlugin,
  savedRepliesPlugin,
  livePlugin,
  contextPlugin,
  metricsPlugin,
  tagSuggestionsPlugin,
  auditPlugin,
  operationsPlugin,
  permissionsPlugin,
];

export interface ServerOptions {
  port?: number;
  host?: string;
}

/** An initialised server (routes, auth, docs); call `start()` to listen or `inject()` in tests. */
export async function createServer(ctx: AppContext, options: ServerOptions = {}) {
  const server = Hapi.server({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    routes: {
      // Every body is bounded (hapi's own default is 1 MiB); webhooks set theirs to the providers' sizes.
      payload: { maxBytes: DEFAULT_MAX_BODY_BYTES },
      validate: {
        // joi's own message names the field and what is wrong with it.
        failAction: (_request, _h, err) => {
          throw Boom.badRequest(err?.message ?? 'invalid request');
        },
      },
    },
  });
  server.app.ctx = ctx;

  await server.register(Inert);
  await server.register(Vision);
  await server.register(openApiPlugin);
  await server.register(authPlugin);
  await server.register(errorsPlugin);
  await server.register(auditRecordingPlugin);

  server.route(healthRoute);
  for (const plugin of FEATURES) await server.register(plugin);
  server.route(apiNotFoundRoutes);
  if (ctx.uiDir) await server.register({ plugin: uiPlugin, options: { dir: ctx.uiDir } });

  server.events.on('response', (request) => {
    const status = 'statusCode' in request.response ? request.response.statusCode : undefined;
    const level = request.path.startsWith('/webhooks/') && status === 200 ? 'debug' : 'info';
    ctx.logger[level]({ method: request.method, path: request.path, status, ms: Date.now() - request.info.received }, 'request');
  });

  // Clients keep connections open for about as long as the server's Keep-Alive hint says; Node's
  // 5 s default closes them while a busy client is about to reuse one (ECONNRESET on its next call).
  server.listener.keepAliveTimeout = 65_000;
  server.listener.headersTimeout = 66_000;

  await server.initialize();
  return server;
}

export type SwitchboardServer = Awaited<ReturnType<typeof createServer>>;
