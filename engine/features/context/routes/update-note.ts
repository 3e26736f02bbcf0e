import { route } from '../../../http/route.js';
import { currentUser, idParam } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { updateNote } from '../notes-repository.js';
import { note, noteParams, notePayload } from '../schemas.js';

export const updateNoteRoute = route({
  method: 'PATCH',
  path: '/api/notes/{id}',
  description: 'Edit a note (its author only)',
  tags: ['contacts'],
  permission: { target: 'note', level: 'act' },
  validate: { params: noteParams, payload: notePayload },
  docs: responses(note, [400, 401, 403, 404]),
  handler: async (request) => {
    const { text } = request.payload as { text: string };
    return updateNote(request.server.app.ctx.db, idParam(request), currentUser(request), text);
  },
});
