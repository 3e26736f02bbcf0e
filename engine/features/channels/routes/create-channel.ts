import Joi from 'joi';
import { CHANNEL_TYPES } from '../../../../connectors/index.js';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { isPolled, startPolling } from '../../polling/schedule.js';
import { insertChannel } from '../repository.js';
import { channel, checkedConfig, present } from '../schemas.js';
import { channelAudit } from '../../audit/targets.js';

export const createChannelRoute = route({
  method: 'POST',
  path: '/api/channels',
  admin: true,
  audit: channelAudit('created'),
  description: 'Connect a channel (admin)',
  tags: ['channels'],
  validate: {
    payload: Joi.object({
      type: Joi.string().valid(...CHANNEL_TYPES).required().description('The provider; only types with a connector in this version are accepted'),
      name: Joi.string().trim().min(1).max(200).required().description('Shown to agents').example('Support page'),
      config: Joi.object().unknown(true).default({}).description("The channel's ids and secrets, e.g. Messenger: pageId, appSecret, verifyToken, pageAccessToken, apiBaseUrl"),
    }).label('NewChannel'),
  },
  docs: responses(channel, [400, 401, 403, 409], 201),
  handler: async (request, h) => {
    const { ctx } = request.server.app;
    const input = request.payload as { type: string; name: string; config: Record<string, unknown> };
    const { config, routeKey } = checkedConfig(input.type, input.config);
    const row = await insertChannel(ctx.db, { type: input.type, name: input.name, config, routeKey });
    if (isPolled(row.type)) await startPolling(ctx.temporal, row.id);
    return h.response(present(ctx, row)).code(201);
  },
});
