import Boom from '@hapi/boom';
import Joi from 'joi';
import { resolveUpdate } from '../../../../workflows/shared.js';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, idParams, responses, uuid } from '../../../http/schemas.js';
import { resolutionReasonProblem } from '../../lifecycle-settings/resolution-reasons.js';
import { act, actorOf } from '../actions.js';
import { getConversationItem } from '../repository.js';
import { actionCodes } from '../schemas.js';

export const resolveRoute = route({
  method: 'POST',
  path: '/api/conversations/{id}/resolve',
  description: 'Resolve (after a reply): moves the conversation to Done',
  tags: ['conversations'],
  validate: { params: idParams, payload: Joi.object({ reasonId: uuid.description('A resolution reason (GET /api/resolution-reasons); mandatory where one applies') }).allow(null).label('Resolve') },
  docs: responses(conversationItem, actionCodes),
  handler: async (request) => {
    const { ctx } = request.server.app;
    const user = currentUser(request);
    const reasonId = (request.payload as { reasonId?: string } | null)?.reasonId;
    // Where the admin made reasons mandatory for this channel type and kind, say which apply.
    const convo = await getConversationItem(ctx.db, idParam(request), user);
    if (!convo) throw Boom.notFound('no conversation with that id');
    const problem = await resolutionReasonProblem(ctx.db, convo.channelType, convo.kind, reasonId);
    if (problem) throw Boom.badRequest(problem);
    return act(ctx, user, convo.id, resolveUpdate, { actor: actorOf(user), reasonId });
  },
});
