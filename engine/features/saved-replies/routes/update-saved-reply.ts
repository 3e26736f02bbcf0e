import Boom from '@hapi/boom';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import {
  updateSavedReply,
  type SavedReplyPatch
} from '../repository.js';
import { isShared } from '../rules.js';
import { changeable, channelIds, checkScope, collection, collectionOf, name, present, savedReply, teamIds, text } from '../schemas.js';

export const updateSavedReplyRoute = route({
  method: 'PATCH',
  path: '/api/saved-replies/{id}',
  description: 'Change a saved reply: your own personal one, or (admins) a shared one',
  notes: 'collection null or "" removes it from its collection. channelIds and teamIds apply to shared replies only.',
  tags: ['saved-replies'],
  validate: {
    params: idParams,
    payload: Joi.object({
      name,
      title: name.description('Same as name (api.md spelling)'),
      text,
      collection,
      channelIds,
      teamIds,
    })
      .oxor('name', 'title')
      .min(1)
      .label('SavedReplyPatch'),
  },
  docs: responses(savedReply, [400, 401, 403, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const input = request.payload as SavedReplyPatch & { title?: string };
    const { reply, viewer } = await changeable(request);
    if (!isShared(reply) && (input.channelIds || input.teamIds)) {
      throw Boom.badRequest('channelIds and teamIds apply to shared saved replies only; this one is personal');
    }
    await checkScope(request, input);
    const updated = await updateSavedReply(
      db,
      reply.id,
      {
        name: input.name ?? input.title,
        text: input.text,
        collection: collectionOf(input.collection),
        channelIds: input.channelIds,
        teamIds: input.teamIds,
      },
      viewer.id,
    );
    if (!updated) throw Boom.notFound('no saved reply with that id');
    return present(updated);
  },
});
