// What a permission allows (api.md "Context, permissions and metrics", product.md "Who may do what").
//
// - viewPrivate: see the channel's private conversations (direct messages), their contacts and notes.
// - reply: reply to and handle (assign, resolve, dismiss, reopen, pending, tags, labels) the private
//   conversations one may see.
// - commentAndReply: reply to and moderate or handle public conversations (comments).
//
// Public conversations are public comments: every user of the organisation SEES them, with or
// without a grant, as anyone on the network could; acting on one needs commentAndReply. A contact
// (one person on one channel) is visible when one of their conversations is: with viewPrivate on
// the channel, or when they have a public conversation; changing a contact or their notes needs the
// right to act on one of their conversations.
//
// Admins hold every permission. A channel whose permissions no admin has set yet is open: every
// user holds all three there (migration 014).

export const PERMISSIONS = ['viewPrivate', 'reply', 'commentAndReply'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** read: see it; act: reply to it or change it. */
export type Level = 'read' | 'act';

/** What a route reads or acts on, found from its request (see route.ts `permission`). */
export type Target = 'conversation' | 'contact' | 'note' | 'message';

/** The facts about one target that decide what is needed. */
export interface TargetFacts {
  channelId: string;
  channelName: string;
  /** A conversation's kind is public, or a contact has a public conversation. */
  public: boolean;
  /** A contact has a private conversation (always false for a conversation's facts). */
  private: boolean;
  /** The target is a contact (or their note). */
  contact: boolean;
}

/**
 * The first permission missing for `level` on the target, given what the user holds on its
 * channel; undefined when allowed.
 */
export function missingPermission(facts: TargetFacts, level: Level, held: ReadonlySet<Permission>): Permission | undefined {
  const has = (p: Permission) => held.has(p);
  if (facts.contact) {
    if (level === 'read') return facts.public || has('viewPrivate') ? undefined : 'viewPrivate';
    if (facts.public && has('commentAndReply')) return undefined;
    if (facts.private && has('viewPrivate') && has('reply')) return undefined;
    if (facts.public) return 'commentAndReply';
    return has('viewPrivate') ? 'reply' : 'viewPrivate';
  }
  if (facts.public) return level === 'read' || has('commentAndReply') ? undefined : 'commentAndReply';
  if (!has('viewPrivate')) return 'viewPrivate';
  return level === 'read' || has('reply') ? undefined : 'reply';
}

/**
 * A route's permission rule. `from` is where the target's id is in the request ('params.id' unless
 * said); `each` names an array of ids (e.g. 'payload.ids') checked one by one, the refusals handed
 * to the handler for per-item results; `listing` says the route filters what it answers with the
 * permission SQL (sql.ts) rather than refusing.
 */
export type PermissionRule =
  | { target: Target; level: Level; from?: string }
  | { target: Target; level: Level; each: string }
  | { listing: string };
