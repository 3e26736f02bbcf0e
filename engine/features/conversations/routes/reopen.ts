import { reopenUpdate } from '../../../../workflows/shared.js';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, idParams, responses } from '../../../http/schemas.js';
import { act, actorOf } from '../actions.js';
import { actionCodes } from '../schemas.js';

export const reopenRoute = route({
  method: 'POST',
  path: '/api/conversations/{id}/reopen',
  description: 'Reopen a Done conversation into Unassigned',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'act' },
  validate: { params: idParams },
  docs: responses(conversationItem, actionCodes),
  handler: (request) => {
    const user = currentUser(request);
    return act(request.server.app.ctx, user, idParam(request), reopenUpdate, { actor: actorOf(user) });
  },
});
