import Boom from '@hapi/boom';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { broadcastSettingsChanged } from '../broadcast.js';
import { deleteBusinessHours } from '../business-hours.js';
import { channelOr404 } from '../schemas.js';
import { businessHoursAudit } from '../../audit/targets.js';

export const deleteBusinessHoursRoute = route({
  method: 'DELETE',
  path: '/api/channels/{id}/business-hours',
  admin: true,
  audit: businessHoursAudit('deleted'),
  description: "Remove a channel's business hours: it is always open again (admin)",
  tags: ['settings'],
  validate: { params: idParams },
  docs: responses(Joi.object({ deleted: Joi.boolean() }).label('BusinessHoursDeleted'), [400, 401, 403, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    await channelOr404(db, idParam(request));
    if (!(await deleteBusinessHours(db, idParam(request)))) throw Boom.notFound('this channel has no business hours: it is already always open');
    await broadcastSettingsChanged(request.server.app.ctx, { channelId: idParam(request) });
    return { deleted: true };
  },
});
