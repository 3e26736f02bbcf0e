import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import {
  assignUpdate,
  dismissUpdate,
  pendingUpdate,
  reopenUpdate,
  replyUpdate,
  resolveUpdate,
} from '../../../workflows/shared.js';
import { currentUser, idParam } from '../../http/request.js';
import { act, actorOf } from './actions.js';
import { getConversationDetail, getConversationItem, listConversations, type ListFilters } from './repository.js';
import { resolutionReasonProblem } from '../lifecycle-settings/resolution-reasons.js';
import { getTeam, teamIdsOf } from '../people/teams-repository.js';
import { getUser } from '../people/users-repository.js';
import { markConversationRead } from '../notifications/unread.js';
import { toBoom } from '../../http/errors.js';
import { conversationItem, idParams, responses, uuid } from '../../http/schemas.js';

const listQuery = Joi.object({
  queue: Joi.string().valid('unassigned', 'assigned', 'mine', 'pending', 'done').description('Omitted: every conversation you may see'),
  channelId: uuid,
  kind: Joi.string().valid('private', 'public'),
  assigneeId: uuid,
  teamId: uuid,
  tag: Joi.string().trim().min(1).max(200).description('Only conversations with this tag (name, ignoring case)'),
  order: Joi.string().valid('desc', 'asc').default('desc').description('By last message; newest first by default'),
  limit: Joi.number().integer().min(1).max(100).default(50),
  cursor: Joi.string().max(500).description('nextCursor of the previous page'),
}).label('ConversationQuery');

const detail = conversationItem.keys({
  messages: Joi.array().items(Joi.object().unknown(true).label('Message')),
  events: Joi.array().items(Joi.object({ type: Joi.string(), actor: Joi.object().unknown(true), at: Joi.string(), detail: Joi.object().unknown(true) }).label('Event')),
}).label('ConversationDetail');

const actionCodes = [400, 401, 404, 409];

export const conversationRoutes: ServerRoute[] = [
  {
    method: 'GET',
    path: '/api/conversations',
    options: {
      description: 'List conversations of a queue',
      tags: ['api', 'conversations'],
      validate: { query: listQuery },
      plugins: responses(Joi.object({ items: Joi.array().items(conversationItem), nextCursor: Joi.string().optional() }).label('ConversationPage'), [400, 401]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        const user = currentUser(request);
        return listConversations(db, user, await teamIdsOf(db, user.id), request.query as unknown as ListFilters);
      },
    },
  },
  {
    method: 'GET',
    path: '/api/conversations/{id}',
    options: {
      description: 'A conversation with its messages and audit trail',
      tags: ['api', 'conversations'],
      validate: { params: idParams },
      plugins: responses(detail, [400, 401, 404]),
      handler: async (request) => {
        const found = await getConversationDetail(request.server.app.ctx.db, idParam(request), currentUser(request));
        if (!found) throw Boom.notFound('no conversation with that id');
        await markConversationRead(request.server.app.ctx.db, currentUser(request).id, found.id); // opening it reads it
        return found;
      },
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/{id}/reply',
    options: {
      description: 'Reply through the channel',
      tags: ['api', 'conversations'],
      validate: {
        params: idParams,
        payload: Joi.object({ text: Joi.string().trim().min(1).max(20000).required().example('Your order left our warehouse today.') }).label('Reply'),
      },
      plugins: responses(conversationItem, [...actionCodes, 502]),
      handler: (request) => {
        const user = currentUser(request);
        const { text } = request.payload as { text: string };
        return act(request.server.app.ctx, user, idParam(request), replyUpdate, { actor: actorOf(user), text });
      },
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/{id}/assign',
    options: {
      description: 'Assign to a user ("me" allowed) and/or a team, with an optional note',
      tags: ['api', 'conversations'],
      validate: {
        params: idParams,
        payload: Joi.object({
          userId: Joi.alternatives(Joi.string().valid('me'), uuid),
          teamId: uuid,
          note: Joi.string().trim().max(2000),
        }).or('userId', 'teamId').label('Assign'),
      },
      plugins: responses(conversationItem, actionCodes),
      handler: async (request) => {
        const { ctx } = request.server.app;
        const user = currentUser(request);
        const input = request.payload as { userId?: string; teamId?: string; note?: string };
        const userId = input.userId === 'me' ? user.id : input.userId;
        if (userId && !(await getUser(ctx.db, userId))) throw Boom.badRequest('userId is not a user of this organisation');
        if (input.teamId && !(await getTeam(ctx.db, input.teamId))) throw Boom.badRequest('teamId is not a team of this organisation');
        return act(ctx, user, idParam(request), assignUpdate, { actor: actorOf(user), userId, teamId: input.teamId, note: input.note });
      },
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/{id}/resolve',
    options: {
      description: 'Resolve (after a reply): moves the conversation to Done',
      tags: ['api', 'conversations'],
      validate: { params: idParams, payload: Joi.object({ reasonId: uuid }).allow(null).label('Resolve') },
      plugins: responses(conversationItem, actionCodes),
      handler: async (request) => {
        const { ctx } = request.server.app;
        const user = currentUser(request);
        const reasonId = (request.payload as { reasonId?: string } | null)?.reasonId;
        // Where the admin made reasons mandatory for this channel type and kind, say which apply.
        const convo = await getConversationItem(ctx.db, idParam(request), user);
        if (!convo) throw Boom.notFound('no conversation with that id');
        const problem = await resolutionReasonProblem(ctx.db, convo.channelType, convo.kind, reasonId);
        if (problem) throw Boom.badRequest(problem);
        return act(ctx, user, convo.id, resolveUpdate, { actor: actorOf(user), reasonId });
      },
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/{id}/dismiss',
    options: {
      description: 'Dismiss a conversation that needs no answer: moves it to Done',
      tags: ['api', 'conversations'],
      validate: { params: idParams },
      plugins: responses(conversationItem, actionCodes),
      handler: (request) => {
        const user = currentUser(request);
        return act(request.server.app.ctx, user, idParam(request), dismissUpdate, { actor: actorOf(user) });
      },
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/{id}/pending',
    options: {
      description: 'Mark as waiting on the customer: moves the conversation to Pending',
      tags: ['api', 'conversations'],
      validate: { params: idParams },
      plugins: responses(conversationItem, actionCodes),
      handler: (request) => {
        const user = currentUser(request);
        return act(request.server.app.ctx, user, idParam(request), pendingUpdate, { actor: actorOf(user) });
      },
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/{id}/reopen',
    options: {
      description: 'Reopen a Done conversation into Unassigned',
      tags: ['api', 'conversations'],
      validate: { params: idParams },
      plugins: responses(conversationItem, actionCodes),
      handler: (request) => {
        const user = currentUser(request);
        return act(request.server.app.ctx, user, idParam(request), reopenUpdate, { actor: actorOf(user) });
      },
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/dismiss',
    options: {
      description: 'Dismiss many conversations; answers one result per id',
      tags: ['api', 'conversations'],
      validate: { payload: Joi.object({ ids: Joi.array().items(uuid).min(1).max(500).unique().required() }).label('BulkDismiss') },
      plugins: responses(
        Joi.object({
          results: Joi.array().items(Joi.object({
            id: Joi.string(), ok: Joi.boolean(), conversation: conversationItem.optional(),
            statusCode: Joi.number().optional(), message: Joi.string().optional(),
          }).label('DismissResult')),
        }).label('BulkDismissResult'),
        [400, 401],
      ),
      handler: async (request) => {
        const { ctx } = request.server.app;
        const user = currentUser(request);
        const { ids } = request.payload as { ids: string[] };
        const results = await Promise.all(ids.map(async (id) => {
          try {
            return { id, ok: true, conversation: await act(ctx, user, id, dismissUpdate, { actor: actorOf(user) }) };
          } catch (err) {
            const boom = Boom.isBoom(err) ? err : toBoom(err);
            if (!boom) throw err;
            return { id, ok: false, statusCode: boom.output.statusCode, message: boom.message };
          }
        }));
        return { results };
      },
    },
  },
];
