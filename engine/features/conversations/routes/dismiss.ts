import { dismissUpdate } from '../../../../workflows/shared.js';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, idParams, responses } from '../../../http/schemas.js';
import { act, actorOf } from '../actions.js';
import { actionCodes } from '../schemas.js';

export const dismissRoute = route({
  method: 'POST',
  path: '/api/conversations/{id}/dismiss',
  description: 'Dismiss a conversation that needs no answer: moves it to Done',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'act' },
  validate: { params: idParams },
  docs: responses(conversationItem, actionCodes),
  handler: (request) => {
    const user = currentUser(request);
    return act(request.server.app.ctx, user, idParam(request), dismissUpdate, { actor: actorOf(user) });
  },
});
