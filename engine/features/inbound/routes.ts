import Boom from '@hapi/boom';
import type { Request, ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { getConnector, type WebhookRequest } from '../../../connectors/index.js';
import { channelForWebhook, receiveForChannel, receiveMeta, type Receipt } from './receive.js';
import { responses } from '../../http/schemas.js';

const META_TYPES = new Set(['messenger', 'facebook_page', 'instagram', 'whatsapp']);

const channelParams = Joi.object({ channelId: Joi.string().required().description('The channel id from its webhookUrl') }).label('WebhookParams');
const receipt = Joi.object({ received: Joi.number(), stored: Joi.number(), duplicates: Joi.number() }).label('Receipt');

// Signatures are checked over the exact bytes the provider sent, so hapi must not parse them.
const rawPayload = { parse: false, output: 'data', maxBytes: 4 * 1024 * 1024 } as const;

function webhookRequest(request: Request) {
  const raw = request.payload;
  return { headers: request.headers as WebhookRequest['headers'], rawBody: Buffer.isBuffer(raw) ? raw : Buffer.alloc(0) };
}

function recorded(request: Request, receipt: Receipt): Receipt {
  if (receipt.stored > 0) request.server.app.ctx.onRecorded?.();
  return receipt;
}

export const webhookRoutes: ServerRoute[] = [
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
];
