import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { getConnector } from '../../../../connectors/index.js';
import { META_TYPES } from '../schemas.js';

export const metaVerificationRoute: ServerRoute = {
  method: 'GET',
  path: '/webhooks/meta',
  options: {
    auth: false,
    description: "Meta's handshake for the app-wide callback: any Meta channel's verify token",
    tags: ['api', 'webhooks'],
    validate: { query: Joi.object().unknown(true) },
    handler: async (request, h) => {
      const { db } = request.server.app.ctx;
      const channels = await db('channels').whereIn('type', [...META_TYPES]).whereNull('deleted_at').select('type', 'config');
      for (const c of channels) {
        const answer = getConnector(c.type)?.handshake?.(request.query as Record<string, string>, c.config);
        if (answer && answer.status === 200) return h.response(answer.body).code(200).type('text/plain');
      }
      throw Boom.forbidden('hub.verify_token matches no Meta channel');
    },
  },
};
