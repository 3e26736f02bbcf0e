import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { listResolutionReasons } from '../resolution-reasons.js';
import { reason } from '../schemas.js';

export const listResolutionReasonsRoute = route({
  method: 'GET',
  path: '/api/resolution-reasons',
  description: 'List resolution reasons',
  tags: ['settings'],
  docs: responses(Joi.array().items(reason).label('ResolutionReasons'), [401]),
  handler: (request) => listResolutionReasons(request.server.app.ctx.db),
});
