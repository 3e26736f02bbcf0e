import type { ServerRoute } from '@hapi/hapi';
import { idParam } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { requireContact, listNotes } from '../notes-repository.js';
import { contactParams, notes } from '../schemas.js';

export const listNotesRoute: ServerRoute = {
  method: 'GET',
  path: '/api/contacts/{id}/notes',
  options: {
    description: "A contact's internal notes, newest first",
    tags: ['api', 'contacts'],
    validate: { params: contactParams },
    plugins: responses(notes, [400, 401, 404]),
    handler: async (request) => {
      const { db } = request.server.app.ctx;
      await requireContact(db, idParam(request));
      return listNotes(db, idParam(request));
    },
  },
};
