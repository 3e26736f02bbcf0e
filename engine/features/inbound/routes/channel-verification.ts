import Joi from 'joi';
import { route } from '../../../http/route.js';
import { channelHandshake } from '../receive.js';
import { channelParams } from '../schemas.js';

export const channelVerificationRoute = route({
  method: 'GET',
  path: '/webhooks/{channelId}',
  auth: false,
  description: 'Provider handshake (Meta hub.challenge, X crc_token)',
  tags: ['webhooks'],
  validate: { params: channelParams, query: Joi.object().unknown(true).description('The provider handshake parameters') },
  handler: async (request, h) => {
    const answer = await channelHandshake(request.server.app.ctx.db, (request.params as { channelId: string }).channelId, request.query as Record<string, string>);
    const response = h.response(answer.body).code(answer.status);
    return typeof answer.body === 'string' ? response.type('text/plain') : response;
  },
});
