import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses, user } from '../../../http/schemas.js';
import { createUser } from '../users-repository.js';
import { userAudit } from '../../audit/targets.js';

export const createUserRoute = route({
  method: 'POST',
  path: '/api/users',
  admin: true,
  audit: userAudit('created'),
  description: 'Create a user (admin)',
  tags: ['admin'],
  validate: {
    payload: Joi.object({
      email: Joi.string().email({ tlds: false }).required().description('Signs in with it; unique').example('agent@example.com'),
      name: Joi.string().trim().min(1).max(200).required().description('Shown to colleagues and in the audit trail').example('Camille'),
      password: Joi.string().min(8).max(200).required().description('At least 8 characters'),
      role: Joi.string().valid('admin', 'agent').required().description('admin: also manages settings, people and documents'),
    }).label('NewUser'),
  },
  docs: responses(user, [400, 401, 403, 409], 201),
  handler: async (request, h) => {
    const created = await createUser(request.server.app.ctx.db, request.payload as Parameters<typeof createUser>[1]);
    return h.response(created).code(201);
  },
});
