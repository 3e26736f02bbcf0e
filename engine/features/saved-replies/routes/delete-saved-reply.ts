import Boom from '@hapi/boom';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { deleteSavedReply } from '../repository.js';
import { changeable } from '../schemas.js';

export const deleteSavedReplyRoute = route({
  method: 'DELETE',
  path: '/api/saved-replies/{id}',
  description: 'Delete a saved reply: your own personal one, or (admins) a shared one',
  notes: 'Automations that send it then send nothing and say so in their outcome.',
  tags: ['saved-replies'],
  validate: { params: idParams },
  docs: responses(Joi.object({ deleted: Joi.boolean() }).label('Deleted'), [400, 401, 403, 404]),
  handler: async (request) => {
    const { reply } = await changeable(request);
    if (!(await deleteSavedReply(request.server.app.ctx.db, reply.id))) throw Boom.notFound('no saved reply with that id');
    return { deleted: true };
  },
});
