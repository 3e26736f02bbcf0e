import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { listCsatSurveys } from '../csat.js';
import { responses } from '../../../http/schemas.js';
import { csatSurvey } from '../schemas.js';

export const listCsatSurveysRoute: ServerRoute = {
  method: 'GET',
  path: '/api/csat-surveys',
  options: {
    app: { role: 'admin' },
    description: 'List CSAT surveys (admin)',
    tags: ['api', 'settings'],
    plugins: responses(Joi.array().items(csatSurvey).label('CsatSurveys'), [401, 403]),
    handler: (request) => listCsatSurveys(request.server.app.ctx.db),
  },
};
