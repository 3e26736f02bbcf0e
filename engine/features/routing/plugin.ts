import type { Plugin } from '@hapi/hapi';
import { listPresenceRoute } from './routes/list-presence.js';
import { routingSettingRoutes } from './routes/routing-settings.js';
import { setMyPresenceRoute } from './routes/set-my-presence.js';

/** Presence and the routing settings. */
export const routingPlugin: Plugin<void> = {
  name: 'switchboard-routing',
  register(server) {
    server.route([
      listPresenceRoute,
      ...routingSettingRoutes,
      setMyPresenceRoute,
    ]);
  },
};
