import Joi from 'joi';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { privateReply } from '../actions.js';

export const privateReplyRoute = route({
  method: 'POST',
  path: '/api/messages/{id}/private-reply',
  description: 'Answer a public comment privately (one per comment, within 7 days of it)',
  tags: ['messages'],
  permission: { target: 'message', level: 'act' },
  validate: {
    params: idParams,
    payload: Joi.object({
      text: Joi.string().trim().min(1).max(2000).required().description('The private message sent to the comment\'s author').example('We have sent you the tracking link privately.'),
    }).label('PrivateReply'),
  },
  docs: responses(Joi.object({ providerMessageId: Joi.string(), sentAt: Joi.string() }).label('PrivateReplySent'), [400, 401, 404, 409, 502]),
  handler: (request) =>
    privateReply(request.server.app.ctx.db, currentUser(request), idParam(request), (request.payload as { text: string }).text, fetch, request.server.app.ctx.onRecorded),
});
