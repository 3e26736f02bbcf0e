import { route } from '../../../http/route.js';
import { idParam } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { requireContact, listNotes } from '../notes-repository.js';
import { contactParams, notes } from '../schemas.js';

export const listNotesRoute = route({
  method: 'GET',
  path: '/api/contacts/{id}/notes',
  description: "A contact's internal notes, newest first",
  tags: ['contacts'],
  permission: { target: 'contact', level: 'read' },
  validate: { params: contactParams },
  docs: responses(notes, [400, 401, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    await requireContact(db, idParam(request));
    return listNotes(db, idParam(request));
  },
});
