import type { ServerRoute } from '@hapi/hapi';
import { registry } from '../../../platform/metrics.js';
import { relayBacklog } from '../backlog.js';

export const metricsRoute: ServerRoute = {
  method: 'GET',
  // `/metrics` is the team metrics page of the admin UI (ui.md); Prometheus scrapes this path.
  path: '/prometheus/metrics',
  options: {
    auth: false,
    description: 'Prometheus metrics of this process (text exposition format), with the relay backlog of the database',
    handler: async (request, h) => {
      await relayBacklog(request.server.app.ctx.db).catch((err) => request.server.app.ctx.logger.warn({ err }, 'metrics: relay backlog query failed'));
      return h.response(await registry.metrics()).type(registry.contentType);
    },
  },
};
