// The post a public thread is about, looked up at the provider when its deliveries did not tell
// its text (Facebook comments name their post but not what it says): best effort, once, when the
// thread opens; a provider that does not answer changes nothing in the conversation.
import { isCancellation, proxyActivities } from '@temporalio/workflow';

export interface PostContextActivities {
  /** Fetches and stores the post of a public conversation when its text is unknown; false when nothing was fetched. */
  fetchPostContext(input: { conversationId: string }): Promise<boolean>;
}

const lookup = proxyActivities<PostContextActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '2 seconds', maximumAttempts: 2 },
});

export async function fetchPostContext(conversationId: string): Promise<void> {
  try {
    await lookup.fetchPostContext({ conversationId });
  } catch (err) {
    if (isCancellation(err)) throw err;
  }
}
