import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { checkDatabase } from '../platform/database.js';
import { temporalProblem } from '../platform/temporal/readiness.js';
import { responses } from './schemas.js';

const health = Joi.object({
  status: Joi.string().valid('ok', 'failing'),
  database: Joi.string().valid('ok', 'failing'),
  temporal: Joi.string().valid('ok', 'failing'),
  problems: Joi.array().items(Joi.string()).description('When failing: what fails and why, one line per part'),
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
      const [databaseProblem, temporalIssue] = await Promise.all([
        checkDatabase(db).then(() => undefined, (err: Error) => `PostgreSQL does not answer: ${err.message}`),
        temporalProblem(temporal, namespace, workerRunning),
      ]);
      const problems = [
        ...(databaseProblem ? [`database: ${databaseProblem}`] : []),
        ...(temporalIssue ? [`temporal: ${temporalIssue}`] : []),
      ];
      const body = {
        status: problems.length ? 'failing' : 'ok',
        database: databaseProblem ? 'failing' : 'ok',
        temporal: temporalIssue ? 'failing' : 'ok',
        ...(problems.length ? { problems } : {}),
      };
      return h.response(body).code(body.status === 'ok' ? 200 : 503);
    },
  },
};
