import type { Plugin } from '@hapi/hapi';
import { contactConversationsRoute } from './routes/contact-conversations.js';
import { createNoteRoute } from './routes/create-note.js';
import { deleteNoteRoute } from './routes/delete-note.js';
import { getAttributeDisplayRoute } from './routes/get-attribute-display.js';
import { listNotesRoute } from './routes/list-notes.js';
import { putAttributeDisplayRoute } from './routes/put-attribute-display.js';
import { updateNoteRoute } from './routes/update-note.js';

/** The context panel beside a conversation: notes on the contact, their other conversations, which attributes show. */
export const contextPlugin: Plugin<void> = {
  name: 'switchboard-context',
  register(server) {
    server.route([
      contactConversationsRoute,
      createNoteRoute,
      deleteNoteRoute,
      getAttributeDisplayRoute,
      listNotesRoute,
      putAttributeDisplayRoute,
      updateNoteRoute,
    ]);
  },
};
