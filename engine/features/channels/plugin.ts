import type { Plugin } from '@hapi/hapi';
import { createChannelRoute } from './routes/create-channel.js';
import { deleteChannelRoute } from './routes/delete-channel.js';
import { getChannelRoute } from './routes/get-channel.js';
import { listChannelsRoute } from './routes/list-channels.js';
import { updateChannelRoute } from './routes/update-channel.js';

/** Channels: connect, list, change and remove (api.md "Channels"). */
export const channelsPlugin: Plugin<void> = {
  name: 'switchboard-channels',
  register(server) {
    server.route([
      createChannelRoute,
      deleteChannelRoute,
      getChannelRoute,
      listChannelsRoute,
      updateChannelRoute,
    ]);
  },
};
