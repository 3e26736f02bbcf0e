import type { Plugin } from '@hapi/hapi';
import { getMetricsRoute } from './routes/get-metrics.js';

/** Team metrics computed from the messages, the audit trail and the CSAT answers. */
export const metricsPlugin: Plugin<void> = {
  name: 'switchboard-metrics',
  register(server) {
    server.route([getMetricsRoute]);
  },
};
