import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { createTeam } from '../teams-repository.js';
import { usersExist } from '../users-repository.js';
import { responses, uuid } from '../../../http/schemas.js';
import { team } from '../schemas.js';

export const createTeamRoute: ServerRoute = {
  method: 'POST',
  path: '/api/teams',
  options: {
    app: { role: 'admin' },
    description: 'Create a team (admin)',
    tags: ['api', 'admin'],
    validate: {
      payload: Joi.object({
        name: Joi.string().trim().min(1).max(200).required().example('Billing'),
        memberIds: Joi.array().items(uuid).default([]).description('User ids'),
      }).label('NewTeam'),
    },
    plugins: responses(team, [400, 401, 403, 409], 201),
    handler: async (request, h) => {
      const { db } = request.server.app.ctx;
      const input = request.payload as { name: string; memberIds: string[] };
      const missing = await usersExist(db, input.memberIds);
      if (missing.length) throw Boom.badRequest(`memberIds holds unknown users: ${missing.join(', ')}`);
      const created = await createTeam(db, input).catch((err) => {
        if (err.code === '23505') throw Boom.conflict(`a team named "${input.name}" already exists`);
        throw err;
      });
      return h.response(created).code(201);
    },
  },
};
