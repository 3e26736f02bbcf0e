import type { Request } from '@hapi/hapi';
import Joi from 'joi';
import { currentUser, idParam } from '../../http/request.js';
import { uuid } from '../../http/schemas.js';
import { Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { teamIdsOf } from '../people/teams-repository.js';
import {
  getSavedReply,unknownChannelIds,
  unknownTeamIds
} from './repository.js';
import {
  changeRefusal,
  COLLECTION_MAX,isShared,NAME_MAX,
  TEXT_MAX,
  type SavedReply,
  type Viewer
} from './rules.js';

// Saved replies (api.md "Lists", product.md "Saved replies"). api.md first wrote the payload as
// { title, text, shared }; `title` and `shared` are still accepted and answered, beside `name`
// and `personal`, so clients written against it keep working.

export const savedReply = Joi.object({
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

export const present = (reply: SavedReply) => ({
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

export const name = Joi.string().trim().min(1).max(NAME_MAX).description('What agents search by').example('Order tracking');
export const text = Joi.string().trim().min(1).max(TEXT_MAX).description(`1–${TEXT_MAX} characters`).example('You can follow your order at https://example.com/track');
export const collection = Joi.string().trim().max(COLLECTION_MAX).allow(null, '').description('Collection the reply is filed under; null or "": none').example('Shipping');
// An empty collection is no collection.
export const collectionOf = (value: string | null | undefined) => (value === '' ? null : value);
export const channelIds = Joi.array().items(uuid).max(500).unique().description('Shared only: channel ids; empty or absent: every channel');
export const teamIds = Joi.array().items(uuid).max(500).unique().description('Shared only: team ids; empty or absent: every team');

export async function viewerOf(request: Request): Promise<Viewer> {
  const user = currentUser(request);
  return { id: user.id, role: user.role, teamIds: await teamIdsOf(request.server.app.ctx.db, user.id) };
}

/** 400 naming the ids that are not channels or teams, before anything is stored. */
export async function checkScope(request: Request, scope: { channelIds?: string[]; teamIds?: string[] }) {
  const { db } = request.server.app.ctx;
  const channels = await unknownChannelIds(db, scope.channelIds ?? []);
  if (channels.length) throw new Invalid(`channelIds holds unknown channels: ${channels.join(', ')}`);
  const teams = await unknownTeamIds(db, scope.teamIds ?? []);
  if (teams.length) throw new Invalid(`teamIds holds unknown teams: ${teams.join(', ')}`);
}

/** The reply the viewer may change, or the 404/403 saying why not. */
export async function changeable(request: Request): Promise<{ reply: SavedReply; viewer: Viewer }> {
  const viewer = await viewerOf(request);
  const reply = await getSavedReply(request.server.app.ctx.db, idParam(request));
  const refusal = reply ? changeRefusal(reply, viewer) : { kind: 'notFound' as const };
  if (refusal?.kind === 'notFound' || !reply) throw new NotFound('no saved reply with that id');
  if (refusal?.kind === 'forbidden') throw new Forbidden(refusal.message);
  return { reply, viewer };
}
