import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { currentUser, idParam } from '../../http/request.js';
import { getConnector } from '../../../connectors/index.js';
import type { AppContext } from '../../http/context.js';
import {
  deleteChannel,
  getChannel,
  insertChannel,
  listChannels,
  updateChannel,
  type ChannelRow,
} from './repository.js';
import { idParams, responses } from '../../http/schemas.js';

export const CHANNEL_TYPES = ['sandbox', 'messenger', 'facebook_page', 'instagram', 'whatsapp', 'x', 'linkedin'] as const;

const channel = Joi.object({
  id: Joi.string(),
  type: Joi.string(),
  name: Joi.string(),
  webhookUrl: Joi.string(),
  config: Joi.object().description('The channel config without its secrets'),
}).label('Channel');

function present(ctx: AppContext, row: ChannelRow) {
  const secrets = new Set(getConnector(row.type)?.secretKeys ?? []);
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    webhookUrl: `${ctx.publicUrl}/webhooks/${row.id}`,
    config: Object.fromEntries(Object.entries(row.config).filter(([k]) => !secrets.has(k))),
  };
}

function checkedConfig(type: string, config: Record<string, unknown>) {
  const connector = getConnector(type);
  if (!connector) {
    const available = CHANNEL_TYPES.filter((t) => getConnector(t));
    throw Boom.badRequest(`channel type "${type}" is not available in this version yet; available: ${available.join(', ')}`);
  }
  const problems = connector.validateConfig(config);
  if (problems.length) {
    throw Boom.badRequest(`config is invalid: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`);
  }
  return { config, routeKey: connector.routeKey?.(config as never) };
}

function conflictOnRoute(type: string) {
  return (err: { code?: string }) => {
    if (err.code === '23505') throw Boom.conflict(`another ${type} channel already uses this provider id (e.g. pageId)`);
    throw err;
  };
}

export const channelRoutes: ServerRoute[] = [
  {
    method: 'POST',
    path: '/api/channels',
    options: {
      app: { role: 'admin' },
      description: 'Connect a channel (admin)',
      tags: ['api', 'channels'],
      validate: {
        payload: Joi.object({
          type: Joi.string().valid(...CHANNEL_TYPES).required(),
          name: Joi.string().trim().min(1).max(200).required().example('Support page'),
          config: Joi.object().unknown(true).default({}).description("The channel's ids and secrets, e.g. Messenger: pageId, appSecret, verifyToken, pageAccessToken, apiBaseUrl"),
        }).label('NewChannel'),
      },
      plugins: responses(channel, [400, 401, 403, 409], 201),
      handler: async (request, h) => {
        const { ctx } = request.server.app;
        const input = request.payload as { type: string; name: string; config: Record<string, unknown> };
        const { config, routeKey } = checkedConfig(input.type, input.config);
        const row = await insertChannel(ctx.db, { type: input.type, name: input.name, config, routeKey }).catch(conflictOnRoute(input.type));
        return h.response(present(ctx, row)).code(201);
      },
    },
  },
  {
    method: 'GET',
    path: '/api/channels',
    options: {
      description: 'List channels',
      tags: ['api', 'channels'],
      plugins: responses(Joi.array().items(channel).label('Channels'), [401]),
      handler: async (request) => {
        const { ctx } = request.server.app;
        return (await listChannels(ctx.db)).map((row) => present(ctx, row));
      },
    },
  },
  {
    method: 'GET',
    path: '/api/channels/{id}',
    options: {
      description: 'One channel',
      tags: ['api', 'channels'],
      validate: { params: idParams },
      plugins: responses(channel, [400, 401, 404]),
      handler: async (request) => {
        const { ctx } = request.server.app;
        const row = await getChannel(ctx.db, idParam(request));
        if (!row) throw Boom.notFound('no channel with that id');
        return present(ctx, row);
      },
    },
  },
  {
    method: 'PATCH',
    path: '/api/channels/{id}',
    options: {
      app: { role: 'admin' },
      description: 'Rename a channel or change some of its config keys (admin)',
      tags: ['api', 'channels'],
      validate: {
        params: idParams,
        payload: Joi.object({
          name: Joi.string().trim().min(1).max(200),
          config: Joi.object().unknown(true).description('Keys to change; null removes a key; others are kept'),
        }).min(1).label('ChannelPatch'),
      },
      plugins: responses(channel, [400, 401, 403, 404, 409]),
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
        const row = await updateChannel(ctx.db, existing.id, { name: patch.name, ...checked }).catch(conflictOnRoute(existing.type));
        if (!row) throw Boom.notFound('no channel with that id');
        return present(ctx, row);
      },
    },
  },
  {
    method: 'DELETE',
    path: '/api/channels/{id}',
    options: {
      app: { role: 'admin' },
      description: 'Disconnect a channel (admin); its conversations stay readable',
      tags: ['api', 'channels'],
      validate: { params: idParams },
      plugins: responses(Joi.object({ deleted: Joi.boolean() }).label('Deleted'), [400, 401, 403, 404]),
      handler: async (request) => {
        if (!(await deleteChannel(request.server.app.ctx.db, idParam(request)))) throw Boom.notFound('no channel with that id');
        return { deleted: true };
      },
    },
  },
];
