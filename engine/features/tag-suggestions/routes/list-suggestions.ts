import { route } from '../../../http/route.js';
import { idParam } from '../../../http/request.js';
import { idParams, responses } from '../../../http/schemas.js';
import { NotFound } from '../../../platform/errors.js';
import { orgId } from '../../../platform/org.js';
import { modelFor } from '../cache.js';
import { conversationText, MIN_USES } from '../repository.js';
import { tagSuggestions } from '../schemas.js';
import { suggest } from '../tfidf.js';

export const listSuggestionsRoute = route({
  method: 'GET',
  path: '/api/conversations/{id}/tag-suggestions',
  description: 'Tags whose conversations read like this one, with the reason',
  notes:
    `Only tags applied to at least ${MIN_USES} conversations are suggested, never one the conversation has. ` +
    'TF-IDF with cosine similarity over the customer messages. Accept one with POST /api/conversations/{id}/tags { add: [name] }.',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'read' },
  validate: { params: idParams },
  docs: responses(tagSuggestions, [400, 401, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const conversationId = idParam(request);
    const convo = await conversationText(db, conversationId);
    if (!convo) throw new NotFound('no conversation with that id');
    const model = await modelFor(db, await orgId(db));
    return suggest(model, convo.text, { exceptTagIds: convo.tagIds, exceptConversationId: conversationId });
  },
});
