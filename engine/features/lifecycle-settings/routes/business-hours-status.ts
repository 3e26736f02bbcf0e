import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { businessHoursStatus } from '../business-hours.js';
import { businessHoursStatusBody, channelOr404 } from '../schemas.js';

export const businessHoursStatusRoute = route({
  method: 'GET',
  path: '/api/channels/{id}/business-hours/status',
  description: 'Whether a channel is open at an instant, and when that changes',
  tags: ['settings'],
  validate: {
    params: idParams,
    query: Joi.object({
      at: Joi.date().iso().description('ISO 8601 instant; default now').example('2026-11-23T10:00:00Z')
        .messages({ 'date.format': '"at" must be an ISO 8601 instant, e.g. 2026-11-23T10:00:00Z', 'date.base': '"at" must be an ISO 8601 instant, e.g. 2026-11-23T10:00:00Z' }),
    }).label('BusinessHoursStatusQuery'),
  },
  docs: responses(businessHoursStatusBody, [400, 401, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    await channelOr404(db, idParam(request));
    const at = (request.query as { at?: Date }).at ?? new Date();
    return businessHoursStatus(db, idParam(request), at);
  },
});
