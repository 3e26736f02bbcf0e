// The post of a public thread fetched from the provider when no delivery told its text
// (fetchFacebookPost / fetchInstagramMedia), merged over what the deliveries said.
import { fetchFacebookPost, fetchInstagramMedia, type PostContext } from '../../../connectors/index.js';
import type { PostContextActivities } from '../../../workflows/post-context.js';
import type { Db } from '../../platform/database.js';

const LOOKUPS: Record<string, (postId: string, config: never, fetchImpl: typeof fetch) => Promise<PostContext>> = {
  facebook_page: fetchFacebookPost,
  instagram: fetchInstagramMedia,
};

export function createPostContextActivities({ db, fetch: fetchImpl = fetch }: { db: Db; fetch?: typeof fetch }): PostContextActivities {
  async function fetchPostContext({ conversationId }: { conversationId: string }): Promise<boolean> {
    const row = await db('conversations as c')
      .join('channels as ch', 'ch.id', 'c.channel_id')
      .leftJoin('posts as p', function () {
        this.on('p.channel_id', 'c.channel_id').andOn('p.post_id', 'c.post_id');
      })
      .where('c.id', conversationId)
      .first('c.channel_id', 'c.post_id', 'ch.type', 'ch.config', 'p.data');
    const lookup = row ? LOOKUPS[row.type] : undefined;
    if (!row?.post_id || !lookup || row.data?.text) return false;
    const post = await lookup(row.post_id, row.config as never, fetchImpl);
    await db.raw(
      `INSERT INTO posts (channel_id, post_id, data) VALUES (?, ?, ?::jsonb)
       ON CONFLICT (channel_id, post_id) DO UPDATE SET data = posts.data || excluded.data, updated_at = now()`,
      [row.channel_id, row.post_id, JSON.stringify(post)],
    );
    return true;
  }
  return { fetchPostContext };
}
