import type { Plugin } from '@hapi/hapi';
import { deleteRoute, hideRoute, unhideRoute } from './routes/moderate.js';
import { privateReplyRoute } from './routes/private-reply.js';
import { sendTemplateRoute } from './routes/send-template.js';

/** Moderation of public comments, private replies, templates (api.md "Channels"; issue 15). */
export const messageActionsPlugin: Plugin<void> = {
  name: 'switchboard-message-actions',
  register(server) {
    server.route([hideRoute, unhideRoute, deleteRoute, privateReplyRoute, sendTemplateRoute]);
  },
};
