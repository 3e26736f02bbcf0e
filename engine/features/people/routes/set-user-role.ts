import Boom from '@hapi/boom';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import type { Role } from '../../../http/contract.js';
import { userWithCapacity } from '../schemas.js';
import { setUserRole } from '../role.js';

export const setUserRoleRoute = route({
  method: 'PUT',
  path: '/api/users/{id}/role',
  admin: true,
  description: "Change a user's role (admin)",
  notes: 'A change signs the user out everywhere (their tokens die with the old role); the last admin cannot be made an agent (409).',
  tags: ['admin'],
  validate: {
    params: idParams,
    payload: Joi.object({
      role: Joi.string().valid('admin', 'agent').required().description('The new role').example('admin'),
    }).label('UserRole'),
  },
  docs: responses(userWithCapacity, [400, 401, 403, 404, 409]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const { role } = request.payload as { role: Role };
    if (!(await setUserRole(db, idParam(request), role))) throw Boom.notFound('no user with that id');
    return db('users').where({ id: idParam(request) }).first('id', 'email', 'name', 'role', 'capacity');
  },
});
