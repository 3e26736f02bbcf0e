import { route } from '../../../http/route.js';
import Joi from 'joi';
import { currentUser, idParam } from '../../../http/request.js';
import { conversationItem, responses } from '../../../http/schemas.js';
import { listConversations } from '../../conversations/repository.js';
import { teamIdsOf } from '../../people/teams-repository.js';
import { requireContact } from '../notes-repository.js';
import { contactParams } from '../schemas.js';

/** How far back the context panel lists a contact's conversations (product.md, "interaction" tab). */
const HISTORY = '6 months';
const MOST = 100;

export const contactConversationsRoute = route({
  method: 'GET',
  path: '/api/contacts/{id}/conversations',
  description: "The contact's conversations of the last six months, newest first (the conversation list-item shape)",
  notes: `At most ${MOST}. A contact is one person on one channel.`,
  tags: ['contacts'],
  permission: { target: 'contact', level: 'read' },
  validate: { params: contactParams },
  docs: responses(Joi.array().items(conversationItem).label('ContactConversationList'), [400, 401, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const user = currentUser(request);
    const contactId = idParam(request);
    await requireContact(db, contactId);
    const page = await listConversations(db, user, await teamIdsOf(db, user.id), {
      contactId,
      lastMessageWithin: HISTORY,
      order: 'desc',
      limit: MOST,
    });
    return page.items;
  },
});
