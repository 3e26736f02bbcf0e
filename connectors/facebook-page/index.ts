// Facebook Page feed channel (`facebook_page`): comments, replies and visitor posts as public
// threads, one per customer per post; replies, private replies and moderation through Graph.
import { metaHandshake } from '../meta/handshake.js';
import { verifyMetaSignature } from '../meta/signature.js';
import type { Connector } from '../types.js';
import { facebookPageSecretKeys, validateFacebookPageConfig, type FacebookPageConfig } from './config.js';
import { parseFacebookPageBody, parseFacebookPageEvents } from './parse.js';
import { moderateFacebookComment, sendFacebookComment, sendFacebookPrivateReply } from './send.js';

export type { FacebookPageConfig } from './config.js';
export { parseFeedEntries, pageThreadKey } from './parse.js';
export { fetchFacebookPost, moderateFacebookComment, sendFacebookComment, sendFacebookPrivateReply } from './send.js';

export const facebookPageConnector: Connector<FacebookPageConfig> = {
  type: 'facebook_page',
  secretKeys: facebookPageSecretKeys,
  validateConfig: validateFacebookPageConfig,
  routeKey: (config) => config.pageId,
  handshake: (query, config) => metaHandshake(query, config.verifyToken),
  verify: (req, config) => verifyMetaSignature(req, config.appSecret),
  parse: parseFacebookPageBody,
  parseEvents: parseFacebookPageEvents,
  send: sendFacebookComment,
  // Public comments have no reply window; the private-reply rule is checked by sendPrivateReply.
  policy: () => ({}),
  moderate: moderateFacebookComment,
  sendPrivateReply: sendFacebookPrivateReply,
  privateRepliesGoTo: 'messenger',
};
