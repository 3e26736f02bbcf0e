import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { listTopics } from '../documents/lists.js';
import { topic } from '../schemas.js';

export const listTopicsRoute = route({
  method: 'GET',
  path: '/api/topics',
  description: 'List topics (a tree: each names its parentId)',
  tags: ['lists'],
  docs: responses(Joi.array().items(topic).label('Topics'), [401]),
  handler: (request) => listTopics(request.server.app.ctx.db),
});
