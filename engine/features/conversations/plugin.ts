import type { Plugin } from '@hapi/hapi';
import { assignRoute } from './routes/assign.js';
import { changeTagsRoute } from './routes/change-tags.js';
import { conversationDetailRoute } from './routes/conversation-detail.js';
import { dismissManyRoute } from './routes/dismiss-many.js';
import { dismissRoute } from './routes/dismiss.js';
import { getContactRoute } from './routes/get-contact.js';
import { listConversationsRoute } from './routes/list-conversations.js';
import { pendingRoute } from './routes/pending.js';
import { reopenRoute } from './routes/reopen.js';
import { replyRoute } from './routes/reply.js';
import { resolveRoute } from './routes/resolve.js';
import { updateContactRoute } from './routes/update-contact.js';
import { updateLabelsRoute } from './routes/update-labels.js';

/** Conversations: the queues, one conversation, every agent action, labels and contacts. */
export const conversationsPlugin: Plugin<void> = {
  name: 'switchboard-conversations',
  register(server) {
    server.route([
      assignRoute,
      changeTagsRoute,
      conversationDetailRoute,
      dismissManyRoute,
      dismissRoute,
      getContactRoute,
      listConversationsRoute,
      pendingRoute,
      reopenRoute,
      replyRoute,
      resolveRoute,
      updateContactRoute,
      updateLabelsRoute,
    ]);
  },
};
