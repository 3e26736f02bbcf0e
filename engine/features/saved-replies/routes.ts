import Boom from '@hapi/boom';
import type { Request, ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { getChannel } from '../channels/repository.js';
import { teamIdsOf } from '../people/teams-repository.js';
import {
  createSavedReply,
  deleteSavedReply,
  getSavedReply,
  listSavedReplies,
  unknownChannelIds,
  unknownTeamIds,
  updateSavedReply,
  type SavedReplyPatch,
} from './repository.js';
import {
  changeRefusal,
  COLLECTION_MAX,
  createRefusal,
  isShared,
  isVisibleTo,
  NAME_MAX,
  TEXT_MAX,
  type SavedReply,
  type Viewer,
} from './rules.js';
import { currentUser, idParam } from '../../http/request.js';
import { idParams, responses, uuid } from '../../http/schemas.js';

// Saved replies (api.md "Lists", product.md "Saved replies"). api.md first wrote the payload as
// { title, text, shared }; `title` and `shared` are still accepted and answered, beside `name`
// and `personal`, so clients written against it keep working.

const savedReply = Joi.object({
  id: Joi.string(),
  name: Joi.string(),
  title: Joi.string().description('Same as name'),
  text: Joi.string(),
  collection: Joi.string().allow(null),
  personal: Joi.boolean().description('Only its owner sees it'),
  shared: Joi.boolean().description('The opposite of personal'),
  ownerUserId: Joi.string().allow(null).description('Null for a shared reply'),
  channelIds: Joi.array().items(Joi.string()).description('Shared with these channels; empty: every channel'),
  teamIds: Joi.array().items(Joi.string()).description('Shared with these teams; empty: every team'),
  createdBy: Joi.string().allow(null),
  updatedBy: Joi.string().allow(null),
  createdAt: Joi.string(),
  updatedAt: Joi.string(),
}).label('SavedReply');

const present = (reply: SavedReply) => ({
  id: reply.id,
  name: reply.name,
  title: reply.name,
  text: reply.text,
  collection: reply.collection,
  personal: !isShared(reply),
  shared: isShared(reply),
  ownerUserId: reply.ownerUserId,
  channelIds: reply.channelIds,
  teamIds: reply.teamIds,
  createdBy: reply.createdBy,
  updatedBy: reply.updatedBy,
  createdAt: reply.createdAt,
  updatedAt: reply.updatedAt,
});

const name = Joi.string().trim().min(1).max(NAME_MAX).example('Order tracking');
const text = Joi.string().trim().min(1).max(TEXT_MAX).description(`1–${TEXT_MAX} characters`).example('You can follow your order at https://example.com/track');
const collection = Joi.string().trim().max(COLLECTION_MAX).allow(null, '').description('Collection the reply is filed under; null or "": none').example('Shipping');
// An empty collection is no collection.
const collectionOf = (value: string | null | undefined) => (value === '' ? null : value);
const channelIds = Joi.array().items(uuid).max(500).unique().description('Shared only: channel ids; empty or absent: every channel');
const teamIds = Joi.array().items(uuid).max(500).unique().description('Shared only: team ids; empty or absent: every team');

async function viewerOf(request: Request): Promise<Viewer> {
  const user = currentUser(request);
  return { id: user.id, role: user.role, teamIds: await teamIdsOf(request.server.app.ctx.db, user.id) };
}

/** 400 naming the ids that are not channels or teams, before anything is stored. */
async function checkScope(request: Request, scope: { channelIds?: string[]; teamIds?: string[] }) {
  const { db } = request.server.app.ctx;
  const channels = await unknownChannelIds(db, scope.channelIds ?? []);
  if (channels.length) throw Boom.badRequest(`channelIds holds unknown channels: ${channels.join(', ')}`);
  const teams = await unknownTeamIds(db, scope.teamIds ?? []);
  if (teams.length) throw Boom.badRequest(`teamIds holds unknown teams: ${teams.join(', ')}`);
}

/** The reply the viewer may change, or the 404/403 saying why not. */
async function changeable(request: Request): Promise<{ reply: SavedReply; viewer: Viewer }> {
  const viewer = await viewerOf(request);
  const reply = await getSavedReply(request.server.app.ctx.db, idParam(request));
  const refusal = reply ? changeRefusal(reply, viewer) : { kind: 'notFound' as const };
  if (refusal?.kind === 'notFound' || !reply) throw Boom.notFound('no saved reply with that id');
  if (refusal?.kind === 'forbidden') throw Boom.forbidden(refusal.message);
  return { reply, viewer };
}

export const savedReplyRoutes: ServerRoute[] = [
  {
    method: 'GET',
    path: '/api/saved-replies',
    options: {
      description: 'Your saved replies and the shared ones meant for you, by collection then name',
      notes:
        'Shared replies appear when shared with every team or one of yours, and (with channelId) with every channel or that one. q: words of the name or text, ignoring case and accents. all=true (admins): every shared reply whatever its scope.',
      tags: ['api', 'saved-replies'],
      validate: {
        query: Joi.object({
          channelId: uuid.description('Only replies usable in this channel'),
          q: Joi.string().trim().allow('').max(200).description('Search words').example('suivi'),
          all: Joi.boolean().default(false).description('Admins: every shared reply'),
        }),
      },
      plugins: responses(Joi.array().items(savedReply).label('SavedReplies'), [400, 401, 403]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        const query = request.query as { channelId?: string; q?: string; all: boolean };
        const viewer = await viewerOf(request);
        if (query.all && viewer.role !== 'admin') throw Boom.forbidden('all=true needs the admin role; agents see the replies meant for them');
        if (query.channelId && !(await getChannel(db, query.channelId))) throw Boom.badRequest(`channelId ${query.channelId} is not a channel`);
        const replies = await listSavedReplies(db, viewer, { channelId: query.channelId, q: query.q, allShared: query.all });
        return replies.map(present);
      },
    },
  },
  {
    method: 'GET',
    path: '/api/saved-replies/{id}',
    options: {
      description: 'One saved reply you can see (admins: any shared one)',
      tags: ['api', 'saved-replies'],
      validate: { params: idParams },
      plugins: responses(savedReply, [400, 401, 404]),
      handler: async (request) => {
        const viewer = await viewerOf(request);
        const reply = await getSavedReply(request.server.app.ctx.db, idParam(request));
        const visible = reply && (isVisibleTo(reply, viewer) || (isShared(reply) && viewer.role === 'admin'));
        if (!visible) throw Boom.notFound('no saved reply with that id');
        return present(reply);
      },
    },
  },
  {
    method: 'POST',
    path: '/api/saved-replies',
    options: {
      description: 'Create a saved reply: personal (any user) or shared (admins)',
      notes: 'personal defaults to true. channelIds and teamIds apply to shared replies only; unknown ids → 400 naming them.',
      tags: ['api', 'saved-replies'],
      validate: {
        payload: Joi.object({
          name,
          title: name.description('Same as name (api.md spelling)'),
          text: text.required(),
          collection,
          personal: Joi.boolean().description('true (default): only you see it; false: shared (admins)'),
          shared: Joi.boolean().description('The opposite of personal (api.md spelling)'),
          channelIds,
          teamIds,
        })
          .xor('name', 'title')
          .oxor('personal', 'shared')
          .label('NewSavedReply'),
      },
      plugins: responses(savedReply, [400, 401, 403], 201),
      handler: async (request, h) => {
        const { db } = request.server.app.ctx;
        const input = request.payload as {
          name?: string; title?: string; text: string; collection?: string | null;
          personal?: boolean; shared?: boolean; channelIds?: string[]; teamIds?: string[];
        };
        const personal = input.personal ?? !(input.shared ?? false);
        if (personal && (input.channelIds || input.teamIds)) {
          throw Boom.badRequest('channelIds and teamIds apply to shared saved replies only: send personal: false, or leave them out');
        }
        const viewer = await viewerOf(request);
        const refusal = createRefusal(viewer, personal);
        if (refusal) throw Boom.forbidden(refusal);
        await checkScope(request, input);
        const created = await createSavedReply(db, {
          name: (input.name ?? input.title)!,
          text: input.text,
          collection: collectionOf(input.collection),
          ownerUserId: personal ? viewer.id : null,
          channelIds: input.channelIds,
          teamIds: input.teamIds,
          createdBy: viewer.id,
        });
        return h.response(present(created)).code(201);
      },
    },
  },
  {
    method: 'PATCH',
    path: '/api/saved-replies/{id}',
    options: {
      description: 'Change a saved reply: your own personal one, or (admins) a shared one',
      notes: 'collection null or "" removes it from its collection. channelIds and teamIds apply to shared replies only.',
      tags: ['api', 'saved-replies'],
      validate: {
        params: idParams,
        payload: Joi.object({
          name,
          title: name.description('Same as name (api.md spelling)'),
          text,
          collection,
          channelIds,
          teamIds,
        })
          .oxor('name', 'title')
          .min(1)
          .label('SavedReplyPatch'),
      },
      plugins: responses(savedReply, [400, 401, 403, 404]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        const input = request.payload as SavedReplyPatch & { title?: string };
        const { reply, viewer } = await changeable(request);
        if (!isShared(reply) && (input.channelIds || input.teamIds)) {
          throw Boom.badRequest('channelIds and teamIds apply to shared saved replies only; this one is personal');
        }
        await checkScope(request, input);
        const updated = await updateSavedReply(
          db,
          reply.id,
          {
            name: input.name ?? input.title,
            text: input.text,
            collection: collectionOf(input.collection),
            channelIds: input.channelIds,
            teamIds: input.teamIds,
          },
          viewer.id,
        );
        if (!updated) throw Boom.notFound('no saved reply with that id');
        return present(updated);
      },
    },
  },
  {
    method: 'DELETE',
    path: '/api/saved-replies/{id}',
    options: {
      description: 'Delete a saved reply: your own personal one, or (admins) a shared one',
      notes: 'Automations that send it then send nothing and say so in their outcome.',
      tags: ['api', 'saved-replies'],
      validate: { params: idParams },
      plugins: responses(Joi.object({ deleted: Joi.boolean() }).label('Deleted'), [400, 401, 403, 404]),
      handler: async (request) => {
        const { reply } = await changeable(request);
        if (!(await deleteSavedReply(request.server.app.ctx.db, reply.id))) throw Boom.notFound('no saved reply with that id');
        return { deleted: true };
      },
    },
  },
];
