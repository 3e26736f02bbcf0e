// Instagram channel: DMs (24 h window, HUMAN_AGENT for 7 days, like Messenger) and comments on the
// account's media as public threads. Shares signature, handshake and Graph calls with ../meta/.
import { metaHandshake } from '../meta/handshake.js';
import { verifyMetaSignature } from '../meta/signature.js';
import { META_MESSAGING_POLICY } from '../meta/window.js';
import type { Connector } from '../types.js';
import { instagramSecretKeys, validateInstagramConfig, type InstagramConfig } from './config.js';
import { parseInstagramBody, parseInstagramEvents } from './parse.js';
import { moderateInstagramComment, sendInstagramMessage, sendInstagramPrivateReply } from './send.js';

export type { InstagramConfig } from './config.js';
export { parseInstagramEntries } from './parse.js';
export { fetchInstagramMedia } from './send.js';

export const instagramConnector: Connector<InstagramConfig> = {
  type: 'instagram',
  secretKeys: instagramSecretKeys,
  validateConfig: validateInstagramConfig,
  routeKey: (config) => config.instagramAccountId,
  handshake: (query, config) => metaHandshake(query, config.verifyToken),
  verify: (req, config) => verifyMetaSignature(req, config.appSecret),
  parse: parseInstagramBody,
  parseEvents: parseInstagramEvents,
  send: sendInstagramMessage,
  // DMs: Meta's windows; public comments: none.
  policy: (kind) => (kind === 'private' ? { ...META_MESSAGING_POLICY } : {}),
  moderate: moderateInstagramComment,
  sendPrivateReply: sendInstagramPrivateReply,
  privateRepliesGoTo: 'instagram',
};
