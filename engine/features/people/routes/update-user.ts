import Boom from '@hapi/boom';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { MAX_CAPACITY, setUserCapacity } from '../../routing/capacity.js';
import { notifyCapacity } from '../../routing/dispatcher.js';
import { userWithCapacity } from '../schemas.js';

export const updateUserRoute = route({
  method: 'PATCH',
  path: '/api/users/{id}',
  admin: true,
  description: "Change a user's routing capacity (admin)",
  notes: 'capacity: the most open (assigned or pending) conversations routing gives this agent; null uses the org default (GET /api/settings/routing). Conversations already assigned are kept.',
  tags: ['admin'],
  validate: {
    params: idParams,
    payload: Joi.object({
      capacity: Joi.number().integer().min(1).max(MAX_CAPACITY).allow(null).required()
        .description(`1–${MAX_CAPACITY}, or null for the org default`).example(8),
    }).label('UserUpdate'),
  },
  docs: responses(userWithCapacity, [400, 401, 403, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const { capacity } = request.payload as { capacity: number | null };
    const updated = await setUserCapacity(db, idParam(request), capacity);
    if (!updated) throw Boom.notFound('no user with that id');
    // A higher capacity may let conversations waiting for this agent through.
    await notifyCapacity(db, updated.id);
    return updated;
  },
});
