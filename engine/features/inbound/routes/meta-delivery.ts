import { getSharedEndpoint } from '../../../../connectors/index.js';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { receiveShared } from '../receive.js';
import { rawPayload, receipt, recorded, webhookRequest } from '../schemas.js';

const meta = getSharedEndpoint('meta')!;

export const metaDeliveryRoute = route({
  method: 'POST',
  path: '/webhooks/meta',
  auth: false,
  description: "Meta's app-wide callback: entries go to the channels that own them",
  tags: ['webhooks'],
  payload: rawPayload,
  docs: responses(receipt, [400, 401]),
  handler: async (request) => recorded(request, await receiveShared(request.server.app.ctx.db, meta, webhookRequest(request))),
});
