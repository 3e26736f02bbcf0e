import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { createTag } from '../documents/lists.js';
import { listName, tag } from '../schemas.js';
import { createdAudit } from '../../audit/targets.js';

export const createTagRoute = route({
  method: 'POST',
  path: '/api/tags',
  admin: true,
  audit: createdAudit('tag'),
  description: 'Add a tag (admin); names are unique ignoring case (409)',
  tags: ['lists'],
  validate: { payload: Joi.object({ name: listName.required().description('Unique, ignoring case').example('refund') }).label('NewTag') },
  docs: responses(tag, [400, 401, 403, 409], 201),
  handler: async (request, h) => {
    const { name } = request.payload as { name: string };
    return h.response(await createTag(request.server.app.ctx.db, name)).code(201);
  },
});
