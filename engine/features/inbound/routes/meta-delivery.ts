import type { ServerRoute } from '@hapi/hapi';
import { receiveMeta } from '../receive.js';
import { responses } from '../../../http/schemas.js';
import { receipt, rawPayload, webhookRequest, recorded } from '../schemas.js';

export const metaDeliveryRoute: ServerRoute = {
  method: 'POST',
  path: '/webhooks/meta',
  options: {
    auth: false,
    description: "Meta's app-wide callback: entries go to the channels that own them",
    tags: ['api', 'webhooks'],
    payload: rawPayload,
    plugins: responses(receipt, [400, 401]),
    handler: async (request) => recorded(request, await receiveMeta(request.server.app.ctx.db, webhookRequest(request))),
  },
};
