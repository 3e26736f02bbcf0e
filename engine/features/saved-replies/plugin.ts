import type { Plugin } from '@hapi/hapi';
import { createSavedReplyRoute } from './routes/create-saved-reply.js';
import { deleteSavedReplyRoute } from './routes/delete-saved-reply.js';
import { getSavedReplyRoute } from './routes/get-saved-reply.js';
import { listSavedRepliesRoute } from './routes/list-saved-replies.js';
import { updateSavedReplyRoute } from './routes/update-saved-reply.js';

/** Saved replies, personal or shared. */
export const savedRepliesPlugin: Plugin<void> = {
  name: 'switchboard-saved-replies',
  register(server) {
    server.route([
      createSavedReplyRoute,
      deleteSavedReplyRoute,
      getSavedReplyRoute,
      listSavedRepliesRoute,
      updateSavedReplyRoute,
    ]);
  },
};
