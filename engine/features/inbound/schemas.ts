import type { Request } from '@hapi/hapi';
import Joi from 'joi';
import { type WebhookRequest } from '../../../connectors/index.js';
import { type Receipt } from './receive.js';

export const channelParams = Joi.object({ channelId: Joi.string().required().description('The channel id from its webhookUrl') }).label('WebhookParams');
export const receipt = Joi.object({ received: Joi.number(), stored: Joi.number(), duplicates: Joi.number() }).label('Receipt');

// Signatures are checked over the exact bytes the provider sent, so hapi must not parse them.
export const rawPayload = { parse: false, output: 'data', maxBytes: 4 * 1024 * 1024 } as const;

export function webhookRequest(request: Request) {
  const raw = request.payload;
  return { headers: request.headers as WebhookRequest['headers'], rawBody: Buffer.isBuffer(raw) ? raw : Buffer.alloc(0) };
}

export function recorded(request: Request, receipt: Receipt): Receipt {
  if (receipt.stored > 0) request.server.app.ctx.onRecorded?.();
  return receipt;
}
