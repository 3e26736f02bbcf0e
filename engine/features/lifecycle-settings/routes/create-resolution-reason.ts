import Joi from 'joi';
import { CHANNEL_TYPES } from '../../../../connectors/index.js';
import { CONVERSATION_KINDS } from '../../../../rules/facts.js';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { broadcastSettingsChanged } from '../broadcast.js';
import { createResolutionReason } from '../resolution-reasons.js';
import { reason } from '../schemas.js';
import { createdAudit } from '../../audit/targets.js';

export const createResolutionReasonRoute = route({
  method: 'POST',
  path: '/api/resolution-reasons',
  admin: true,
  audit: createdAudit('resolution-reason'),
  description: 'Create a resolution reason (admin)',
  notes: 'Resolving requires a reason exactly where at least one reason applies to the channel type and kind.',
  tags: ['settings'],
  validate: {
    payload: Joi.object({
      name: Joi.string().trim().min(1).max(200).required().description('Shown to agents when they resolve').example('Answered'),
      channelTypes: Joi.array().items(Joi.string().valid(...CHANNEL_TYPES)).min(1).unique().required().description('Channel types the reason applies to').example(['whatsapp', 'x']),
      kinds: Joi.array().items(Joi.string().valid(...CONVERSATION_KINDS)).min(1).unique().required().description('Conversation kinds the reason applies to').example(['private']),
    }).label('NewResolutionReason'),
  },
  docs: responses(reason, [400, 401, 403, 409], 201),
  handler: async (request, h) => {
    const input = request.payload as Parameters<typeof createResolutionReason>[1];
    const created = await createResolutionReason(request.server.app.ctx.db, input);
    // Running conversations hold the reasons their resolve requires: they reload them.
    await broadcastSettingsChanged(request.server.app.ctx);
    return h.response(created).code(201);
  },
});
