import Boom from '@hapi/boom';
import Joi from 'joi';
import { assignUpdate } from '../../../../workflows/shared.js';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, idParams, responses, uuid } from '../../../http/schemas.js';
import { getTeam } from '../../people/teams-repository.js';
import { getUser } from '../../people/users-repository.js';
import { act, actorOf } from '../actions.js';
import { actionCodes } from '../schemas.js';

export const assignRoute = route({
  method: 'POST',
  path: '/api/conversations/{id}/assign',
  description: 'Assign to a user ("me" allowed) and/or a team, with an optional note',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'act' },
  validate: {
    params: idParams,
    payload: Joi.object({
      userId: Joi.alternatives(Joi.string().valid('me'), uuid).description('A user id, or "me"'),
      teamId: uuid.description('A team id'),
      note: Joi.string().trim().max(2000).description('Shown to the assignee and in the audit trail'),
    }).or('userId', 'teamId').label('Assign'),
  },
  docs: responses(conversationItem, actionCodes),
  handler: async (request) => {
    const { ctx } = request.server.app;
    const user = currentUser(request);
    const input = request.payload as { userId?: string; teamId?: string; note?: string };
    const userId = input.userId === 'me' ? user.id : input.userId;
    if (userId && !(await getUser(ctx.db, userId))) throw Boom.badRequest('userId is not a user of this organisation');
    if (input.teamId && !(await getTeam(ctx.db, input.teamId))) throw Boom.badRequest('teamId is not a team of this organisation');
    return act(ctx, user, idParam(request), assignUpdate, { actor: actorOf(user), userId, teamId: input.teamId, note: input.note });
  },
});
