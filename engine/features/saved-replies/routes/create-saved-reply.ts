import Boom from '@hapi/boom';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { createSavedReply } from '../repository.js';
import { createRefusal } from '../rules.js';
import { channelIds, checkScope, collection, collectionOf, name, present, savedReply, teamIds, text, viewerOf } from '../schemas.js';

export const createSavedReplyRoute = route({
  method: 'POST',
  path: '/api/saved-replies',
  description: 'Create a saved reply: personal (any user) or shared (admins)',
  notes: 'personal defaults to true. channelIds and teamIds apply to shared replies only; unknown ids → 400 naming them.',
  tags: ['saved-replies'],
  validate: {
    payload: Joi.object({
      name,
      title: name.description('Same as name (api.md spelling)'),
      text: text.required(),
      collection,
      personal: Joi.boolean().description('true (default): only you see it; false: shared (admins)'),
      shared: Joi.boolean().description('The opposite of personal (api.md spelling)'),
      channelIds,
      teamIds,
    })
      .xor('name', 'title')
      .oxor('personal', 'shared')
      .label('NewSavedReply'),
  },
  docs: responses(savedReply, [400, 401, 403], 201),
  handler: async (request, h) => {
    const { db } = request.server.app.ctx;
    const input = request.payload as {
      name?: string; title?: string; text: string; collection?: string | null;
      personal?: boolean; shared?: boolean; channelIds?: string[]; teamIds?: string[];
    };
    const personal = input.personal ?? !(input.shared ?? false);
    if (personal && (input.channelIds || input.teamIds)) {
      throw Boom.badRequest('channelIds and teamIds apply to shared saved replies only: send personal: false, or leave them out');
    }
    const viewer = await viewerOf(request);
    const refusal = createRefusal(viewer, personal);
    if (refusal) throw Boom.forbidden(refusal);
    await checkScope(request, input);
    const created = await createSavedReply(db, {
      name: (input.name ?? input.title)!,
      text: input.text,
      collection: collectionOf(input.collection),
      ownerUserId: personal ? viewer.id : null,
      channelIds: input.channelIds,
      teamIds: input.teamIds,
      createdBy: viewer.id,
    });
    return h.response(present(created)).code(201);
  },
});
