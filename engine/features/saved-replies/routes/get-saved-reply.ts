import Boom from '@hapi/boom';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { getSavedReply } from '../repository.js';
import {
  isShared,
  isVisibleTo
} from '../rules.js';
import { present, savedReply, viewerOf } from '../schemas.js';

export const getSavedReplyRoute = route({
  method: 'GET',
  path: '/api/saved-replies/{id}',
  description: 'One saved reply you can see (admins: any shared one)',
  tags: ['saved-replies'],
  validate: { params: idParams },
  docs: responses(savedReply, [400, 401, 404]),
  handler: async (request) => {
    const viewer = await viewerOf(request);
    const reply = await getSavedReply(request.server.app.ctx.db, idParam(request));
    const visible = reply && (isVisibleTo(reply, viewer) || (isShared(reply) && viewer.role === 'admin'));
    if (!visible) throw Boom.notFound('no saved reply with that id');
    return present(reply);
  },
});
