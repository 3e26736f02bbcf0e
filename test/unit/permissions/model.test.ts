// What each permission allows on a conversation or a contact, for every set of permissions.
import { describe, expect, it } from 'vitest';
import { missingPermission, PERMISSIONS, type Permission, type TargetFacts } from '../../../engine/features/permissions/model.js';

const facts = (f: Partial<TargetFacts>): TargetFacts => ({ channelId: 'c', channelName: 'Chat', public: false, private: false, contact: false, ...f });
const sets: Permission[][] = [[], ...PERMISSIONS.map((p) => [p]), ['viewPrivate', 'reply'], ['viewPrivate', 'commentAndReply'], ['reply', 'commentAndReply'], [...PERMISSIONS]];

describe('missingPermission', () => {
  it('a private conversation: viewPrivate to see it, viewPrivate and reply to act on it', () => {
    for (const held of sets) {
      const h = new Set(held);
      expect(missingPermission(facts({}), 'read', h), held.join()).toBe(h.has('viewPrivate') ? undefined : 'viewPrivate');
      expect(missingPermission(facts({}), 'act', h), held.join()).toBe(!h.has('viewPrivate') ? 'viewPrivate' : h.has('reply') ? undefined : 'reply');
    }
  });

  it('a public conversation: seen by everyone, acted on with commentAndReply', () => {
    for (const held of sets) {
      const h = new Set(held);
      expect(missingPermission(facts({ public: true }), 'read', h)).toBeUndefined();
      expect(missingPermission(facts({ public: true }), 'act', h), held.join()).toBe(h.has('commentAndReply') ? undefined : 'commentAndReply');
    }
  });

  it('a contact with both kinds: seen by everyone, changed with commentAndReply or with viewPrivate and reply', () => {
    const both = facts({ contact: true, public: true, private: true });
    for (const held of sets) {
      const h = new Set(held);
      expect(missingPermission(both, 'read', h)).toBeUndefined();
      const may = h.has('commentAndReply') || (h.has('viewPrivate') && h.has('reply'));
      expect(missingPermission(both, 'act', h), held.join()).toBe(may ? undefined : 'commentAndReply');
    }
  });

  it('a contact with private conversations only: as a private conversation', () => {
    const dm = facts({ contact: true, private: true });
    expect(missingPermission(dm, 'read', new Set(['commentAndReply']))).toBe('viewPrivate');
    expect(missingPermission(dm, 'act', new Set(['viewPrivate']))).toBe('reply');
    expect(missingPermission(dm, 'act', new Set(['viewPrivate', 'reply']))).toBeUndefined();
  });

  it('a contact with public conversations only: viewPrivate and reply do not let one change it', () => {
    const commenter = facts({ contact: true, public: true });
    expect(missingPermission(commenter, 'act', new Set(['viewPrivate', 'reply']))).toBe('commentAndReply');
    expect(missingPermission(commenter, 'act', new Set(['commentAndReply']))).toBeUndefined();
  });
});
