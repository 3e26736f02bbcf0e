import Boom from '@hapi/boom';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { broadcastSettingsChanged } from '../broadcast.js';
import {
  checkBusinessHours,putBusinessHours
} from '../business-hours.js';
import { businessHoursDocument, channelOr404 } from '../schemas.js';
import { businessHoursAudit } from '../../audit/targets.js';

export const putBusinessHoursRoute = route({
  method: 'PUT',
  path: '/api/channels/{id}/business-hours',
  admin: true,
  audit: businessHoursAudit('set'),
  description: "Replace a channel's business hours (admin)",
  notes: 'The whole document is replaced. Unknown time zone, malformed, zero-length or overlapping intervals → 400 naming the interval.',
  tags: ['settings'],
  validate: { params: idParams, payload: businessHoursDocument },
  docs: responses(businessHoursDocument, [400, 401, 403, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    await channelOr404(db, idParam(request));
    const original = request.payload as Parameters<typeof putBusinessHours>[2]['original'];
    const checked = checkBusinessHours(original);
    if (!checked.ok) throw Boom.badRequest(checked.message);
    await putBusinessHours(db, idParam(request), { schedule: checked.schedule, original }, currentUser(request).id);
    await broadcastSettingsChanged(request.server.app.ctx, { channelId: idParam(request) });
    return original;
  },
});
