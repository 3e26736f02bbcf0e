// X direct messages (Account Activity API webhooks in, v2 DM endpoint out).
import type { Connector } from '../types.js';
import { validateXConfig, xSecretKeys, type XConfig } from './config.js';
import { parseXBody } from './parse.js';
import { sendXMessage } from './send.js';
import { verifyXSignature, xCrcResponse } from './verify.js';

export type { XConfig } from './config.js';
export { xCrcResponse, verifyXSignature, X_SIGNATURE_HEADER } from './verify.js';
export { oauth1Header } from './oauth1.js';
export { retryAfter as xRetryAfter } from './send.js';

export const xConnector: Connector<XConfig> = {
  type: 'x',
  secretKeys: xSecretKeys,
  validateConfig: validateXConfig,
  handshake: (query, config) => xCrcResponse(query, config.consumerSecret),
  verify: (req, config) => verifyXSignature(req, config.consumerSecret),
  parse: parseXBody,
  parseEvents: parseXBody,
  send: sendXMessage,
  // X documents no reply window for DMs.
  policy: () => ({}),
};
