import Boom from '@hapi/boom';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import {
  getChannel,updateChannel
} from '../repository.js';
import { channel, checkedConfig, present } from '../schemas.js';
import { channelAudit } from '../../audit/targets.js';

export const updateChannelRoute = route({
  method: 'PATCH',
  path: '/api/channels/{id}',
  admin: true,
  audit: channelAudit('updated'),
  description: 'Rename a channel or change some of its config keys (admin)',
  tags: ['channels'],
  validate: {
    params: idParams,
    payload: Joi.object({
      name: Joi.string().trim().min(1).max(200).description('A new name'),
      config: Joi.object().unknown(true).description('Keys to change; null removes a key; others are kept'),
    }).min(1).label('ChannelPatch'),
  },
  docs: responses(channel, [400, 401, 403, 404, 409]),
  handler: async (request) => {
    const { ctx } = request.server.app;
    const existing = await getChannel(ctx.db, idParam(request));
    if (!existing) throw Boom.notFound('no channel with that id');
    const patch = request.payload as { name?: string; config?: Record<string, unknown> };
    let checked: { config: Record<string, unknown>; routeKey?: string } | undefined;
    if (patch.config) {
      const merged = Object.fromEntries(
        Object.entries({ ...existing.config, ...patch.config }).filter(([, v]) => v !== null),
      );
      checked = checkedConfig(existing.type, merged);
    }
    const row = await updateChannel(ctx.db, existing.id, existing.type, { name: patch.name, ...checked });
    if (!row) throw Boom.notFound('no channel with that id');
    return present(ctx, row);
  },
});
