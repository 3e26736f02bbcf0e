import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { listTags } from '../documents/lists.js';
import { tag } from '../schemas.js';

export const listTagsRoute = route({
  method: 'GET',
  path: '/api/tags',
  description: 'List tags',
  tags: ['lists'],
  docs: responses(Joi.array().items(tag).label('Tags'), [401]),
  handler: (request) => listTags(request.server.app.ctx.db),
});
