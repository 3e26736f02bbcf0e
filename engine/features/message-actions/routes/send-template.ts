import Joi from 'joi';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { sendTemplate } from '../actions.js';

export const sendTemplateRoute = route({
  method: 'POST',
  path: '/api/conversations/{id}/template',
  description: "Send the channel's approved template (WhatsApp, once the 24-hour window has closed)",
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'act' },
  validate: { params: idParams },
  docs: responses(Joi.object({ messageId: Joi.string() }).label('TemplateSent'), [401, 404, 409, 502]),
  handler: (request) => sendTemplate(request.server.app.ctx.db, currentUser(request), idParam(request)),
});
