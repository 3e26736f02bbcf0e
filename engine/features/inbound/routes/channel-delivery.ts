import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { receiveAtChannel } from '../receive.js';
import { channelParams, rawPayload, receipt, recorded, webhookRequest } from '../schemas.js';

export const channelDeliveryRoute = route({
  method: 'POST',
  path: '/webhooks/{channelId}',
  auth: false,
  description: "Provider events, verified by the channel's signature scheme",
  tags: ['webhooks'],
  validate: { params: channelParams },
  payload: rawPayload,
  docs: responses(receipt, [400, 401, 404]),
  handler: async (request) =>
    recorded(request, await receiveAtChannel(request.server.app.ctx.db, (request.params as { channelId: string }).channelId, webhookRequest(request))),
});
