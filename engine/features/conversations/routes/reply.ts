import Joi from 'joi';
import { replyUpdate } from '../../../../workflows/shared.js';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, idParams, responses } from '../../../http/schemas.js';
import { act, actorOf } from '../actions.js';
import { actionCodes } from '../schemas.js';

export const replyRoute = route({
  method: 'POST',
  path: '/api/conversations/{id}/reply',
  description: 'Reply through the channel',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'act' },
  validate: {
    params: idParams,
    payload: Joi.object({ text: Joi.string().trim().min(1).max(20000).required().description('The message sent to the customer').example('Your order left our warehouse today.') }).label('Reply'),
  },
  docs: responses(conversationItem, [...actionCodes, 502]),
  handler: (request) => {
    const user = currentUser(request);
    const { text } = request.payload as { text: string };
    return act(request.server.app.ctx, user, idParam(request), replyUpdate, { actor: actorOf(user), text });
  },
});
