import type { Plugin } from '@hapi/hapi';
import { startLiveHub, type LiveHub } from './hub.js';
import { createLiveNotifier } from './notify.js';
import { eventsRoute } from './routes/events.js';

/** Live updates: GET /api/events, fed by the live_events table through this process's hub. */
export const livePlugin: Plugin<void> = {
  name: 'switchboard-live',
  register(server) {
    const { ctx } = server.app;
    let hub: LiveHub | undefined;
    const notifier = createLiveNotifier(ctx.db, ctx.logger);
    // Once listening: a server only initialised (inject in tests, the route table) streams nothing.
    server.ext('onPostStart', () => {
      hub = startLiveHub({ db: ctx.db, logger: ctx.logger, databaseUrl: ctx.databaseUrl });
    });
    // Streams never end by themselves: close them before the server waits for its connections.
    server.ext('onPreStop', async () => {
      notifier.stop();
      await hub?.stop();
      hub = undefined;
    });
    // A change made through the API has committed once its answer goes out: wake every hub.
    server.events.on('response', (request) => {
      if (request.method !== 'get') notifier.poke();
    });
    server.route(eventsRoute(() => hub));
  },
};
