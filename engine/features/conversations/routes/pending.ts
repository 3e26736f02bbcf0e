import { pendingUpdate } from '../../../../workflows/shared.js';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, idParams, responses } from '../../../http/schemas.js';
import { act, actorOf } from '../actions.js';
import { actionCodes } from '../schemas.js';

export const pendingRoute = route({
  method: 'POST',
  path: '/api/conversations/{id}/pending',
  description: 'Mark as waiting on the customer: moves the conversation to Pending',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'act' },
  validate: { params: idParams },
  docs: responses(conversationItem, actionCodes),
  handler: (request) => {
    const user = currentUser(request);
    return act(request.server.app.ctx, user, idParam(request), pendingUpdate, { actor: actorOf(user) });
  },
});
