import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { createTeam, listTeams } from './teams-repository.js';
import { createUser, listUsers, usersExist } from './users-repository.js';
import { MAX_CAPACITY, setUserCapacity } from '../routing/capacity.js';
import { notifyCapacity } from '../routing/dispatcher.js';
import { idParam } from '../../http/request.js';
import { idParams, responses, user, uuid } from '../../http/schemas.js';

const userWithCapacity = user
  .keys({ capacity: Joi.number().integer().allow(null).description('Most open conversations routing gives them; null: the org default') })
  .label('UserWithCapacity');
const team = Joi.object({ id: Joi.string(), name: Joi.string(), memberIds: Joi.array().items(Joi.string()) }).label('Team');

export const peopleRoutes: ServerRoute[] = [
  {
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
  },
  {
    method: 'GET',
    path: '/api/users',
    options: {
      app: { role: 'admin' },
      description: 'List users (admin)',
      tags: ['api', 'admin'],
      plugins: responses(Joi.array().items(userWithCapacity).label('Users'), [401, 403]),
      handler: (request) => listUsers(request.server.app.ctx.db),
    },
  },
  {
    method: 'PATCH',
    path: '/api/users/{id}',
    options: {
      app: { role: 'admin' },
      description: "Change a user's routing capacity (admin)",
      notes: 'capacity: the most open (assigned or pending) conversations routing gives this agent; null uses the org default (GET /api/settings/routing). Conversations already assigned are kept.',
      tags: ['api', 'admin'],
      validate: {
        params: idParams,
        payload: Joi.object({
          capacity: Joi.number().integer().min(1).max(MAX_CAPACITY).allow(null).required()
            .description(`1–${MAX_CAPACITY}, or null for the org default`).example(8),
        }).label('UserUpdate'),
      },
      plugins: responses(userWithCapacity, [400, 401, 403, 404]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        const { capacity } = request.payload as { capacity: number | null };
        const updated = await setUserCapacity(db, idParam(request), capacity);
        if (!updated) throw Boom.notFound('no user with that id');
        // A higher capacity may let conversations waiting for this agent through.
        await notifyCapacity(db, updated.id);
        return updated;
      },
    },
  },
  {
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
  },
  {
    method: 'GET',
    path: '/api/teams',
    options: {
      description: 'List teams',
      tags: ['api', 'admin'],
      plugins: responses(Joi.array().items(team).label('Teams'), [401]),
      handler: (request) => listTeams(request.server.app.ctx.db),
    },
  },
];
