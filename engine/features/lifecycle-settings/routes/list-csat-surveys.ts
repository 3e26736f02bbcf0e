import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { listCsatSurveys } from '../csat.js';
import { csatSurvey } from '../schemas.js';

export const listCsatSurveysRoute = route({
  method: 'GET',
  path: '/api/csat-surveys',
  admin: true,
  description: 'List CSAT surveys (admin)',
  tags: ['settings'],
  docs: responses(Joi.array().items(csatSurvey).label('CsatSurveys'), [401, 403]),
  handler: (request) => listCsatSurveys(request.server.app.ctx.db),
});
