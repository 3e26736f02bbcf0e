import Joi from 'joi';
import type { ModerationAction } from '../../../../connectors/index.js';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { moderateMessage } from '../actions.js';

const moderated = Joi.object({ id: Joi.string(), action: Joi.string() }).label('Moderated');

function moderationRoute(action: ModerationAction, description: string) {
  return route({
    method: 'POST',
    path: `/api/messages/{id}/${action}`,
    description,
    tags: ['messages'],
    permission: { target: 'message', level: 'act' },
    validate: { params: idParams },
    docs: responses(moderated, [401, 404, 409, 502]),
    handler: async (request) => {
      await moderateMessage(request.server.app.ctx.db, currentUser(request), idParam(request), action);
      return { id: idParam(request), action };
    },
  });
}

export const hideRoute = moderationRoute('hide', 'Hide a public comment at the provider (its author still sees it)');
export const unhideRoute = moderationRoute('unhide', 'Show a hidden public comment again');
export const deleteRoute = moderationRoute('delete', 'Delete a public comment at the provider (kept here, marked removed)');
