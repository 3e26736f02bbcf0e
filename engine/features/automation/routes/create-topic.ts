import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses, uuid } from '../../../http/schemas.js';
import { createTopic } from '../documents/lists.js';
import { listName, topic } from '../schemas.js';
import { createdAudit } from '../../audit/targets.js';

export const createTopicRoute = route({
  method: 'POST',
  path: '/api/topics',
  admin: true,
  audit: createdAudit('topic'),
  description: 'Add a topic (admin), under parentId if given; unknown parent → 400, a name taken under the same parent → 409',
  tags: ['lists'],
  validate: {
    payload: Joi.object({
      name: listName.required().description('Unique under its parent, ignoring case').example('Billing'),
      parentId: uuid.optional().description('The parent topic'),
    }).label('NewTopic'),
  },
  docs: responses(topic, [400, 401, 403, 409], 201),
  handler: async (request, h) => {
    const input = request.payload as { name: string; parentId?: string };
    return h.response(await createTopic(request.server.app.ctx.db, input)).code(201);
  },
});
