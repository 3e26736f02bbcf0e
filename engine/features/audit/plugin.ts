import type { Plugin } from '@hapi/hapi';
import { listAuditRoute } from './routes/list-audit.js';

/** Reading the admin audit; recording it is engine/http/audit.ts, declared on each route. */
export const auditPlugin: Plugin<void> = {
  name: 'switchboard-audit',
  register(server) {
    server.route([listAuditRoute]);
  },
};
