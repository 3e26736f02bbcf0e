import Joi from 'joi';
import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { routingPresenceOf } from '../agents.js';
import { notifyCapacity } from '../dispatcher.js';
import { presentForRouting } from '../eligibility.js';
import { PRESENCE_STATUSES, setPresence } from '../presence.js';
import { presence } from '../schemas.js';

export const setMyPresenceRoute = route({
  method: 'PUT',
  path: '/api/me/presence',
  description: 'Set your presence; also a heartbeat',
  notes: 'Send it periodically while the inbox is open: an agent not heard from for the unassign setting\'s offlineAfterSeconds counts as offline.',
  tags: ['settings'],
  validate: {
    payload: Joi.object({ status: Joi.string().valid(...PRESENCE_STATUSES).required().description('What you tell the team') }).label('PresenceUpdate'),
  },
  docs: responses(presence, [400, 401]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const userId = currentUser(request).id;
    const { status } = request.payload as { status: 'online' | 'away' | 'offline' };
    const before = await routingPresenceOf(db, userId);
    const presence = await setPresence(db, userId, status);
    // Becoming online (or heard from again after a silence) may let conversations waiting for
    // this agent through; a mere heartbeat does not.
    if (status === 'online' && (before.presence?.status !== 'online' || !presentForRouting(before.presence, before.now))) await notifyCapacity(db, userId);
    return presence;
  },
});
