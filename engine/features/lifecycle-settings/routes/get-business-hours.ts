import Boom from '@hapi/boom';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { getBusinessHours } from '../business-hours.js';
import { businessHoursDocument, channelOr404 } from '../schemas.js';

export const getBusinessHoursRoute = route({
  method: 'GET',
  path: '/api/channels/{id}/business-hours',
  admin: true,
  description: "A channel's business hours document (admin); 404 when it has none (always open)",
  tags: ['settings'],
  validate: { params: idParams },
  docs: responses(businessHoursDocument, [400, 401, 403, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    await channelOr404(db, idParam(request));
    const stored = await getBusinessHours(db, idParam(request));
    if (!stored) throw Boom.notFound('this channel has no business hours: it is always open');
    return stored.original;
  },
});
