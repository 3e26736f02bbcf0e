import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { createTag } from '../documents/lists.js';
import { responses } from '../../../http/schemas.js';
import { listName,tag } from '../schemas.js';

export const createTagRoute: ServerRoute = {
  method: 'POST',
  path: '/api/tags',
  options: {
    app: { role: 'admin' },
    description: 'Add a tag (admin); names are unique ignoring case (409)',
    tags: ['api', 'lists'],
    validate: { payload: Joi.object({ name: listName.required().example('refund') }).label('NewTag') },
    plugins: responses(tag, [400, 401, 403, 409], 201),
    handler: async (request, h) => {
      const { name } = request.payload as { name: string };
      return h.response(await createTag(request.server.app.ctx.db, name)).code(201);
    },
  },
};
