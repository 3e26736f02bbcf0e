import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import { getConnector } from '../../../../connectors/index.js';
import { channelForWebhook, receiveForChannel, receiveMeta } from '../receive.js';
import { responses } from '../../../http/schemas.js';
import { META_TYPES, channelParams, receipt, rawPayload, webhookRequest, recorded } from '../schemas.js';

export const channelDeliveryRoute: ServerRoute = {
  method: 'POST',
  path: '/webhooks/{channelId}',
  options: {
    auth: false,
    description: 'Provider events, verified by the channel\'s signature scheme',
    tags: ['api', 'webhooks'],
    validate: { params: channelParams },
    payload: rawPayload,
    plugins: responses(receipt, [400, 401, 404]),
    handler: async (request) => {
      const { db } = request.server.app.ctx;
      const channel = await channelForWebhook(db, (request.params as { channelId: string }).channelId);
      const req = webhookRequest(request);
      // A Meta channel's own URL takes a whole app delivery, like /webhooks/meta, once its own secret verifies it.
      if (META_TYPES.has(channel.type)) {
        if (!getConnector(channel.type)!.verify(req, channel.config)) {
          throw Boom.unauthorized('the signature is missing or does not match this channel\'s secret');
        }
        return recorded(request, await receiveMeta(db, req));
      }
      return recorded(request, await receiveForChannel(db, channel, req));
    },
  },
};
