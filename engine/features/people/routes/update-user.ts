import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { NotFound } from '../../../platform/errors.js';
import { MAX_CAPACITY, setUserCapacity } from '../../routing/capacity.js';
import { notifyCapacity } from '../../routing/dispatcher.js';
import { changeAccount, type AccountChange } from '../accounts.js';
import { userWithCapacity } from '../schemas.js';
import { getManagedUser } from '../users-repository.js';
import { userAudit } from '../../audit/targets.js';

export const updateUserRoute = route({
  method: 'PATCH',
  path: '/api/users/{id}',
  admin: true,
  audit: userAudit('updated'),
  description: "Change a user's routing capacity, role, or disable them (admin)",
  notes: 'capacity: the most open (assigned or pending) conversations routing gives this agent; null uses the org default (GET /api/settings/routing). Conversations already assigned are kept. disabled or a new role ends every token of the user; the last active admin cannot be disabled or demoted (409).',
  tags: ['admin'],
  validate: {
    params: idParams,
    payload: Joi.object({
      capacity: Joi.number().integer().min(1).max(MAX_CAPACITY).allow(null)
        .description(`1–${MAX_CAPACITY}, or null for the org default`).example(8),
      disabled: Joi.boolean().description('true: the user cannot sign in and their tokens stop working; false enables them again'),
      role: Joi.string().valid('admin', 'agent').description('A new role; the user signs in again to use it'),
    }).or('capacity', 'disabled', 'role').label('UserUpdate'),
  },
  docs: responses(userWithCapacity, [400, 401, 403, 404, 409]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const { capacity, ...account } = request.payload as { capacity?: number | null } & AccountChange;
    const id = idParam(request);
    await changeAccount(db, id, account);
    if (capacity !== undefined) {
      if (!(await setUserCapacity(db, id, capacity))) throw new NotFound('no user with that id');
      // A higher capacity may let conversations waiting for this agent through.
      await notifyCapacity(db, id);
    }
    const updated = await getManagedUser(db, id);
    if (!updated) throw new NotFound('no user with that id');
    return updated;
  },
});
