import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { checkDatabase } from '../platform/database.js';
import { temporalReady } from '../platform/temporal/health.js';
import { responses } from './schemas.js';

const health = Joi.object({
  status: Joi.string().valid('ok', 'failing'),
  database: Joi.string().valid('ok', 'failing'),
  temporal: Joi.string().valid('ok', 'failing'),
}).label('Health');

export const healthRoute: ServerRoute = {
  method: 'GET',
  path: '/api/health',
  options: {
    auth: false,
    description: 'Whether a message sent now would be stored and processed',
    tags: ['api', 'health'],
    plugins: responses(health, []),
    handler: async (request, h) => {
      const { db, temporal, namespace, workerRunning } = request.server.app.ctx;
      const [database, temporalOk] = await Promise.all([
        checkDatabase(db).then(() => true, () => false),
        temporalReady(temporal, namespace, workerRunning),
      ]);
      const body = {
        status: database && temporalOk ? 'ok' : 'failing',
        database: database ? 'ok' : 'failing',
        temporal: temporalOk ? 'ok' : 'failing',
      };
      return h.response(body).code(body.status === 'ok' ? 200 : 503);
    },
  },
};
