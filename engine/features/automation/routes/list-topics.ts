import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { listTopics } from '../documents/lists.js';
import { responses } from '../../../http/schemas.js';
import { topic } from '../schemas.js';

export const listTopicsRoute: ServerRoute = {
  method: 'GET',
  path: '/api/topics',
  options: {
    description: 'List topics (a tree: each names its parentId)',
    tags: ['api', 'lists'],
    plugins: responses(Joi.array().items(topic).label('Topics'), [401]),
    handler: (request) => listTopics(request.server.app.ctx.db),
  },
};
