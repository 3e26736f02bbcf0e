// LinkedIn Page comments: no webhooks (push is gated), so the engine polls with
// pollLinkedInComments on the channel's schedule; replies are comments posted as the organization.
import { MalformedPayloadError, type Connector } from '../types.js';
import { linkedinSecretKeys, validateLinkedInConfig, type LinkedInConfig } from './config.js';
import { sendLinkedInComment } from './send.js';

export type { LinkedInConfig } from './config.js';
export { DEFAULT_POLL_SECONDS, MIN_POLL_SECONDS } from './config.js';
export { pollLinkedInComments, listRecentPosts, listComments, commentsToEvents, PRIVATE_USER, type PollResult, type PollOptions } from './poll.js';
export { sendLinkedInComment } from './send.js';

export const linkedinConnector: Connector<LinkedInConfig> = {
  type: 'linkedin',
  secretKeys: linkedinSecretKeys,
  validateConfig: validateLinkedInConfig,
  // Nothing is ever pushed: any POST to the webhook URL is refused as unsigned.
  verify: () => false,
  parse: () => {
    throw new MalformedPayloadError('LinkedIn sends no webhooks: its comments are polled');
  },
  send: sendLinkedInComment,
  policy: () => ({}),
};
