import Boom from '@hapi/boom';
import Joi from 'joi';
import { getSharedEndpoint } from '../../../../connectors/index.js';
import { route } from '../../../http/route.js';
import { sharedHandshake } from '../receive.js';

const meta = getSharedEndpoint('meta')!;

export const metaVerificationRoute = route({
  method: 'GET',
  path: '/webhooks/meta',
  auth: false,
  description: "Meta's handshake for the app-wide callback: any Meta channel's verify token",
  tags: ['webhooks'],
  validate: { query: Joi.object().unknown(true).description('The provider handshake parameters (hub.mode, hub.verify_token, hub.challenge)') },
  handler: async (request, h) => {
    const answer = await sharedHandshake(request.server.app.ctx.db, meta, request.query as Record<string, string>);
    if (!answer) throw Boom.forbidden('hub.verify_token matches no Meta channel');
    return h.response(answer.body).code(200).type('text/plain');
  },
});
