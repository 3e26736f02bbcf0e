import Boom from '@hapi/boom';
import Hapi from '@hapi/hapi';
import Inert from '@hapi/inert';
import Vision from '@hapi/vision';
import { authPlugin } from '../http/auth.js';
import type { AppContext } from '../http/context.js';
import { errorsPlugin } from '../http/errors.js';
import { loginRoute, meRoute } from '../features/people/auth-routes.js';
import { channelRoutes } from '../features/channels/routes.js';
import { contactRoutes } from '../features/conversations/contact-routes.js';
import { conversationRoutes } from '../features/conversations/routes.js';
import { documentRoutes } from '../features/automation/routes.js';
import { dryRunRoutes } from '../features/automation/dry-run-routes.js';
import { healthRoute } from '../http/health.js';
import { labelRoutes } from '../features/conversations/label-routes.js';
import { notificationRoutes } from '../features/notifications/routes.js';
import { peopleRoutes } from '../features/people/routes.js';
import { savedReplyRoutes } from '../features/saved-replies/routes.js';
import { settingsRoutes } from '../features/lifecycle-settings/routes.js';
import { webhookRoutes } from '../features/inbound/routes.js';
import { apiNotFoundRoutes } from '../http/not-found.js';
import { openApiPlugin } from '../http/openapi.js';
import { uiPlugin } from '../http/ui.js';

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

  server.route([loginRoute, meRoute, healthRoute, ...peopleRoutes, ...channelRoutes, ...conversationRoutes, ...labelRoutes, ...contactRoutes, ...webhookRoutes, ...documentRoutes, ...settingsRoutes]);
  server.route(dryRunRoutes);
  server.route(notificationRoutes);
  server.route(savedReplyRoutes);
  server.route(apiNotFoundRoutes);
  if (ctx.uiDir) await server.register({ plugin: uiPlugin, options: { dir: ctx.uiDir } });

  server.events.on('response', (request) => {
    const status = 'statusCode' in request.response ? request.response.statusCode : undefined;
    const level = request.path.startsWith('/webhooks/') && status === 200 ? 'debug' : 'info';
    ctx.logger[level]({ method: request.method, path: request.path, status, ms: Date.now() - request.info.received }, 'request');
  });

  await server.initialize();
  return server;
}

export type SwitchboardServer = Awaited<ReturnType<typeof createServer>>;
