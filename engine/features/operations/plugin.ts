import type { Plugin } from '@hapi/hapi';
import { metricsRoute } from './routes/metrics.js';
import { getRetentionRoute, putRetentionRoute } from '../retention/routes/retention-settings.js';
import { countWebhooks } from './webhook-metrics.js';

/** Running Switchboard: Prometheus metrics, and the retention settings (the purge itself runs in the worker). */
export const operationsPlugin: Plugin<void> = {
  name: 'switchboard-operations',
  register(server) {
    countWebhooks(server);
    server.route([metricsRoute, getRetentionRoute, putRetentionRoute]);
  },
};
