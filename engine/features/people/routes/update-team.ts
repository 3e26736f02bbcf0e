import Boom from '@hapi/boom';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses, uuid } from '../../../http/schemas.js';
import { notifyCapacityEveryone } from '../../routing/dispatcher.js';
import { teamUpdatedAudit } from '../../audit/targets.js';
import { team } from '../schemas.js';
import { updateTeam } from '../teams-repository.js';
import { usersExist } from '../users-repository.js';

export const updateTeamRoute = route({
  method: 'PATCH',
  path: '/api/teams/{id}',
  admin: true,
  audit: teamUpdatedAudit,
  description: 'Rename a team or replace its members (admin)',
  notes: 'memberIds replaces the whole list. Conversations already assigned to the team or its members stay where they are.',
  tags: ['admin'],
  validate: {
    params: idParams,
    payload: Joi.object({
      name: Joi.string().trim().min(1).max(200).description('Unique').example('Billing'),
      memberIds: Joi.array().items(uuid).max(1000).description('User ids: the whole new list'),
    }).min(1).messages({ 'object.min': 'give name and/or memberIds' }).label('TeamUpdate'),
  },
  docs: responses(team, [400, 401, 403, 404, 409]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const input = request.payload as { name?: string; memberIds?: string[] };
    if (input.memberIds) {
      const missing = await usersExist(db, input.memberIds);
      if (missing.length) throw Boom.badRequest(`memberIds holds unknown users: ${missing.join(', ')}`);
    }
    const updated = await updateTeam(db, idParam(request), input);
    if (!updated) throw Boom.notFound('no team with that id');
    // A new member may take conversations waiting in the team's queue.
    if (input.memberIds) await notifyCapacityEveryone(db);
    return updated;
  },
});
