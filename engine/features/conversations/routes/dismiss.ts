import type { ServerRoute } from '@hapi/hapi';
import { dismissUpdate } from '../../../../workflows/shared.js';
import { currentUser, idParam } from '../../../http/request.js';
import { act, actorOf } from '../actions.js';
import { conversationItem, idParams, responses } from '../../../http/schemas.js';
import { actionCodes } from '../schemas.js';

export const dismissRoute: ServerRoute = {
  method: 'POST',
  path: '/api/conversations/{id}/dismiss',
  options: {
    description: 'Dismiss a conversation that needs no answer: moves it to Done',
    tags: ['api', 'conversations'],
    validate: { params: idParams },
    plugins: responses(conversationItem, actionCodes),
    handler: (request) => {
      const user = currentUser(request);
      return act(request.server.app.ctx, user, idParam(request), dismissUpdate, { actor: actorOf(user) });
    },
  },
};
