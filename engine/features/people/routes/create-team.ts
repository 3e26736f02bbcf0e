import Boom from '@hapi/boom';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses, uuid } from '../../../http/schemas.js';
import { team } from '../schemas.js';
import { createTeam } from '../teams-repository.js';
import { usersExist } from '../users-repository.js';
import { createdAudit } from '../../audit/targets.js';

export const createTeamRoute = route({
  method: 'POST',
  path: '/api/teams',
  admin: true,
  audit: createdAudit('team'),
  description: 'Create a team (admin)',
  tags: ['admin'],
  validate: {
    payload: Joi.object({
      name: Joi.string().trim().min(1).max(200).required().description('Unique').example('Billing'),
      memberIds: Joi.array().items(uuid).default([]).description('User ids'),
    }).label('NewTeam'),
  },
  docs: responses(team, [400, 401, 403, 409], 201),
  handler: async (request, h) => {
    const { db } = request.server.app.ctx;
    const input = request.payload as { name: string; memberIds: string[] };
    const missing = await usersExist(db, input.memberIds);
    if (missing.length) throw Boom.badRequest(`memberIds holds unknown users: ${missing.join(', ')}`);
    const created = await createTeam(db, input);
    return h.response(created).code(201);
  },
});
