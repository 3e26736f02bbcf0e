import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { replyUpdate } from '../../../../workflows/shared.js';
import { currentUser, idParam } from '../../../http/request.js';
import { act, actorOf } from '../actions.js';
import { conversationItem, idParams, responses } from '../../../http/schemas.js';
import { actionCodes } from '../schemas.js';

export const replyRoute: ServerRoute = {
  method: 'POST',
  path: '/api/conversations/{id}/reply',
  options: {
    description: 'Reply through the channel',
    tags: ['api', 'conversations'],
    validate: {
      params: idParams,
      payload: Joi.object({ text: Joi.string().trim().min(1).max(20000).required().example('Your order left our warehouse today.') }).label('Reply'),
    },
    plugins: responses(conversationItem, [...actionCodes, 502]),
    handler: (request) => {
      const user = currentUser(request);
      const { text } = request.payload as { text: string };
      return act(request.server.app.ctx, user, idParam(request), replyUpdate, { actor: actorOf(user), text });
    },
  },
};
