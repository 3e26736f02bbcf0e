// Facebook Messenger (Page DMs) channel. Shares signature, handshake, Graph calls and
// app-wide routing with the other Meta channels (../meta/).
import { metaHandshake } from '../meta/handshake.js';
import { verifyMetaSignature } from '../meta/signature.js';
import type { Connector } from '../types.js';
import { messengerSecretKeys, validateMessengerConfig, type MessengerConfig } from './config.js';
import { parseMessengerBody, parseMessengerEvents } from './parse.js';
import { MESSENGER_POLICY, sendMessengerMessage } from './send.js';

export type { MessengerConfig } from './config.js';
export { parseMessengerEntries, parseMessengerBody, parseMessengerEvents } from './parse.js';
export { chooseMessagingMode, MESSENGER_POLICY, type MessagingMode } from './send.js';

export const messengerConnector: Connector<MessengerConfig> = {
  type: 'messenger',
  secretKeys: messengerSecretKeys,
  validateConfig: validateMessengerConfig,
  routeKey: (config) => config.pageId,
  handshake: (query, config) => metaHandshake(query, config.verifyToken),
  verify: (req, config) => verifyMetaSignature(req, config.appSecret),
  parse: parseMessengerBody,
  parseEvents: parseMessengerEvents,
  send: sendMessengerMessage,
  // Messenger has private conversations only; the same windows whatever the kind asked.
  policy: () => ({ ...MESSENGER_POLICY }),
};
