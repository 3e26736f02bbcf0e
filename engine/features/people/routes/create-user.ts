import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { createUser } from '../users-repository.js';
import { responses, user } from '../../../http/schemas.js';

export const createUserRoute: ServerRoute = {
  method: 'POST',
  path: '/api/users',
  options: {
    app: { role: 'admin' },
    description: 'Create a user (admin)',
    tags: ['api', 'admin'],
    validate: {
      payload: Joi.object({
        email: Joi.string().email({ tlds: false }).required().example('agent@example.com'),
        name: Joi.string().trim().min(1).max(200).required().example('Camille'),
        password: Joi.string().min(8).max(200).required().description('At least 8 characters'),
        role: Joi.string().valid('admin', 'agent').required(),
      }).label('NewUser'),
    },
    plugins: responses(user, [400, 401, 403, 409], 201),
    handler: async (request, h) => {
      const created = await createUser(request.server.app.ctx.db, request.payload as Parameters<typeof createUser>[1]).catch((err) => {
        if (err.code === '23505') throw Boom.conflict('a user with that e-mail already exists');
        throw err;
      });
      return h.response(created).code(201);
    },
  },
};
