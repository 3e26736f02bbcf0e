import { route } from '../../../http/route.js';
import Joi from 'joi';
import { currentUser, idParam } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { deleteNote } from '../notes-repository.js';
import { noteParams } from '../schemas.js';

export const deleteNoteRoute = route({
  method: 'DELETE',
  path: '/api/notes/{id}',
  description: 'Delete a note (its author or an admin)',
  tags: ['contacts'],
  permission: { target: 'note', level: 'act' },
  validate: { params: noteParams },
  docs: responses(Joi.object({ deleted: Joi.boolean().description('Always true') }).label('NoteDeleted'), [400, 401, 403, 404]),
  handler: async (request) => {
    await deleteNote(request.server.app.ctx.db, idParam(request), currentUser(request));
    return { deleted: true };
  },
});
