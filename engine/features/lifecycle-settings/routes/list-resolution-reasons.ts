import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { listResolutionReasons } from '../resolution-reasons.js';
import { responses } from '../../../http/schemas.js';
import { reason } from '../schemas.js';

export const listResolutionReasonsRoute: ServerRoute = {
  method: 'GET',
  path: '/api/resolution-reasons',
  options: {
    description: 'List resolution reasons',
    tags: ['api', 'settings'],
    plugins: responses(Joi.array().items(reason).label('ResolutionReasons'), [401]),
    handler: (request) => listResolutionReasons(request.server.app.ctx.db),
  },
};
