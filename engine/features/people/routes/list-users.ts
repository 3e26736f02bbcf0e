import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { listUsers } from '../users-repository.js';
import { responses } from '../../../http/schemas.js';
import { userWithCapacity } from '../schemas.js';

export const listUsersRoute: ServerRoute = {
  method: 'GET',
  path: '/api/users',
  options: {
    app: { role: 'admin' },
    description: 'List users (admin)',
    tags: ['api', 'admin'],
    plugins: responses(Joi.array().items(userWithCapacity).label('Users'), [401, 403]),
    handler: (request) => listUsers(request.server.app.ctx.db),
  },
};
