import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { getSetting } from '../../lifecycle-settings/org-settings.js';
import { listPresence, PRESENCE_STATUSES } from '../presence.js';
import { presence } from '../schemas.js';

export const listPresenceRoute = route({
  method: 'GET',
  path: '/api/presence',
  admin: true,
  description: "Everyone's presence (admin); a user never heard from is offline",
  notes: 'status is what the user set; effectiveStatus is offline when no heartbeat came for the unassign setting\'s offlineAfterSeconds.',
  tags: ['settings'],
  docs: responses(
    Joi.array().items(presence.keys({ name: Joi.string(), email: Joi.string(), role: Joi.string(), effectiveStatus: Joi.string().valid(...PRESENCE_STATUSES) }).label('UserPresence')).label('PresenceList'),
    [401, 403],
  ),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const { offlineAfterSeconds } = await getSetting(db, 'unassign');
    return listPresence(db, new Date(), offlineAfterSeconds);
  },
});
