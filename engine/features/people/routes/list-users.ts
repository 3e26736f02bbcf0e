import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { userWithCapacity } from '../schemas.js';
import { listUsers } from '../users-repository.js';

export const listUsersRoute = route({
  method: 'GET',
  path: '/api/users',
  admin: true,
  description: 'List users (admin)',
  tags: ['admin'],
  docs: responses(Joi.array().items(userWithCapacity).label('Users'), [401, 403]),
  handler: (request) => listUsers(request.server.app.ctx.db),
});
