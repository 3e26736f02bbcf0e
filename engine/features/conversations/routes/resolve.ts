import Boom from '@hapi/boom';
import Joi from 'joi';
import { resolveUpdate } from '../../../../workflows/shared.js';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, idParams, responses, uuid } from '../../../http/schemas.js';
import { getResolutionReason } from '../../lifecycle-settings/resolution-reasons.js';
import { act, actorOf } from '../actions.js';
import { getConversationItem } from '../repository.js';
import { actionCodes } from '../schemas.js';

export const resolveRoute = route({
  method: 'POST',
  path: '/api/conversations/{id}/resolve',
  description: 'Resolve (after a reply): moves the conversation to Done',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'act' },
  validate: { params: idParams, payload: Joi.object({ reasonId: uuid.description('A resolution reason (GET /api/resolution-reasons); mandatory where one applies') }).allow(null).label('Resolve') },
  docs: responses(conversationItem, actionCodes),
  handler: async (request) => {
    const { ctx } = request.server.app;
    const user = currentUser(request);
    const reasonId = (request.payload as { reasonId?: string } | null)?.reasonId;
    const convo = await getConversationItem(ctx.db, idParam(request), user);
    if (!convo) throw Boom.notFound('no conversation with that id');
    // Whether the reason is one this conversation may be resolved with (mandatory where the
    // admin made it so) is the workflow's rule; here only that it exists at all.
    if (reasonId !== undefined && !(await getResolutionReason(ctx.db, reasonId))) {
      throw Boom.badRequest(`reasonId "${reasonId}" is not a resolution reason: pick one from GET /api/resolution-reasons`);
    }
    return act(ctx, user, convo.id, resolveUpdate, { actor: actorOf(user), reasonId });
  },
});
