import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { getConnector } from '../../../../connectors/index.js';
import { channelForWebhook } from '../receive.js';
import { channelParams } from '../schemas.js';

export const channelVerificationRoute: ServerRoute = {
  method: 'GET',
  path: '/webhooks/{channelId}',
  options: {
    auth: false,
    description: "Provider handshake (Meta hub.challenge, X crc_token)",
    tags: ['api', 'webhooks'],
    validate: { params: channelParams, query: Joi.object().unknown(true) },
    handler: async (request, h) => {
      const channel = await channelForWebhook(request.server.app.ctx.db, (request.params as { channelId: string }).channelId);
      const answer = getConnector(channel.type)?.handshake?.(request.query as Record<string, string>, channel.config);
      if (!answer) throw Boom.badRequest('this is not a handshake this channel understands');
      const response = h.response(answer.body).code(answer.status);
      return typeof answer.body === 'string' ? response.type('text/plain') : response;
    },
  },
};
