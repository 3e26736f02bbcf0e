import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import { getSavedReply } from '../repository.js';
import {
  isShared,
  isVisibleTo
} from '../rules.js';
import { idParam } from '../../../http/request.js';
import { idParams, responses } from '../../../http/schemas.js';
import { savedReply, present, viewerOf } from '../schemas.js';

export const getSavedReplyRoute: ServerRoute = {
  method: 'GET',
  path: '/api/saved-replies/{id}',
  options: {
    description: 'One saved reply you can see (admins: any shared one)',
    tags: ['api', 'saved-replies'],
    validate: { params: idParams },
    plugins: responses(savedReply, [400, 401, 404]),
    handler: async (request) => {
      const viewer = await viewerOf(request);
      const reply = await getSavedReply(request.server.app.ctx.db, idParam(request));
      const visible = reply && (isVisibleTo(reply, viewer) || (isShared(reply) && viewer.role === 'admin'));
      if (!visible) throw Boom.notFound('no saved reply with that id');
      return present(reply);
    },
  },
};
