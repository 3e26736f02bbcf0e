import type { Plugin } from '@hapi/hapi';
import { conversationReadRoute } from './routes/conversation-read.js';
import { getPreferencesRoute } from './routes/get-preferences.js';
import { listNotificationsRoute } from './routes/list-notifications.js';
import { markNotificationsReadRoute } from './routes/mark-notifications-read.js';
import { putPreferencesRoute } from './routes/put-preferences.js';
import { queueCountsRoute } from './routes/queue-counts.js';

/** In-app notifications, preferences and unread counts per queue. */
export const notificationsPlugin: Plugin<void> = {
  name: 'switchboard-notifications',
  register(server) {
    server.route([
      conversationReadRoute,
      getPreferencesRoute,
      listNotificationsRoute,
      markNotificationsReadRoute,
      putPreferencesRoute,
      queueCountsRoute,
    ]);
  },
};
