import { route } from '../../../http/route.js';
import { currentUser, idParam } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { requireContact, createNote } from '../notes-repository.js';
import { contactParams, note, notePayload } from '../schemas.js';

export const createNoteRoute = route({
  method: 'POST',
  path: '/api/contacts/{id}/notes',
  description: 'Write an internal note on a contact (1 to 2,000 characters), visible to the whole organisation',
  tags: ['contacts'],
  permission: { target: 'contact', level: 'act' },
  validate: { params: contactParams, payload: notePayload },
  docs: responses(note, [400, 401, 404], 201),
  handler: async (request, h) => {
    const { db } = request.server.app.ctx;
    const contactId = idParam(request);
    await requireContact(db, contactId);
    const { text } = request.payload as { text: string };
    return h.response(await createNote(db, { contactId, author: currentUser(request), text })).code(201);
  },
});
