// Who may see and change a saved reply (product.md "Saved replies", api.md): every user keeps their
// own personal replies; only admins create, edit and delete shared ones, which reach the users of
// the teams and the channels they are shared with (an empty list: every team / every channel).
import type { Role } from '../people/users-repository.js';

export const NAME_MAX = 200;
export const TEXT_MAX = 2000;
export const COLLECTION_MAX = 200;

export interface SavedReply {
  id: string;
  name: string;
  text: string;
  collection: string | null;
  /** Null: shared. */
  ownerUserId: string | null;
  channelIds: string[];
  teamIds: string[];
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Viewer {
  id: string;
  role: Role;
  teamIds: string[];
}

/** Letters that do not decompose into a base letter and a mark under NFKD. */
const LIGATURES: Record<string, string> = { æ: 'ae', œ: 'oe', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i', þ: 'th' };

/** Lower case without accents ("Élodie" and "elodie" match), for searching. */
export function foldForSearch(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[æœßøđłıþ]/g, (c) => LIGATURES[c]);
}

/** What the `q` filter compares with: name and text, so a word of either finds the reply. */
export function searchTextOf(reply: { name: string; text: string }): string {
  return foldForSearch(`${reply.name}\n${reply.text}`);
}

export const isShared = (reply: Pick<SavedReply, 'ownerUserId'>) => reply.ownerUserId === null;

/**
 * Whether the viewer sees the reply (in a conversation of `channelId`, when given): their own, or a
 * shared one for every team or one of theirs and for every channel or that channel. The SQL in
 * repository.ts says the same for lists; this is its single-reply form.
 */
export function isVisibleTo(reply: SavedReply, viewer: Viewer, channelId?: string): boolean {
  if (!isShared(reply)) return reply.ownerUserId === viewer.id;
  const teamOk = reply.teamIds.length === 0 || reply.teamIds.some((t) => viewer.teamIds.includes(t));
  const channelOk = channelId === undefined || reply.channelIds.length === 0 || reply.channelIds.includes(channelId);
  return teamOk && channelOk;
}

/** Why the viewer may not create a reply of this kind (undefined: they may). */
export function createRefusal(viewer: Pick<Viewer, 'role'>, personal: boolean): string | undefined {
  if (personal || viewer.role === 'admin') return undefined;
  return 'only admins create shared saved replies; send personal: true (or leave it out) to keep one for yourself';
}

/**
 * Whether the viewer may edit or delete the reply: 'notFound' hides someone else's personal reply
 * (its existence is private), 'forbidden' carries the reason for a shared one.
 */
export function changeRefusal(reply: SavedReply, viewer: Viewer): undefined | { kind: 'notFound' } | { kind: 'forbidden'; message: string } {
  if (!isShared(reply)) return reply.ownerUserId === viewer.id ? undefined : { kind: 'notFound' };
  if (viewer.role === 'admin') return undefined;
  if (!isVisibleTo(reply, viewer)) return { kind: 'notFound' };
  return { kind: 'forbidden', message: 'only admins edit or delete shared saved replies' };
}
