import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { listTags } from '../documents/lists.js';
import { responses } from '../../../http/schemas.js';
import { tag } from '../schemas.js';

export const listTagsRoute: ServerRoute = {
  method: 'GET',
  path: '/api/tags',
  options: {
    description: 'List tags',
    tags: ['api', 'lists'],
    plugins: responses(Joi.array().items(tag).label('Tags'), [401]),
    handler: (request) => listTags(request.server.app.ctx.db),
  },
};
