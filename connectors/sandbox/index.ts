// The built-in sandbox channel: a plain JSON webhook signed with a shared secret. It lets anyone
// try Switchboard, and the tests drive the whole engine, without a provider account.
import { hasValidSha256Signature, headerValue } from '../shared/signature.js';
import type { Connector } from '../types.js';
import { sandboxSecretKeys, validateSandboxConfig, type SandboxConfig } from './config.js';
import { parseSandboxBody } from './parse.js';
import { sendSandboxReply } from './send.js';

export type { SandboxConfig } from './config.js';

export const SANDBOX_SIGNATURE_HEADER = 'x-switchboard-signature';

export const sandboxConnector: Connector<SandboxConfig> = {
  type: 'sandbox',
  secretKeys: sandboxSecretKeys,
  validateConfig: validateSandboxConfig,
  verify: (req, config) =>
    hasValidSha256Signature(req.rawBody, config.secret, headerValue(req.headers, SANDBOX_SIGNATURE_HEADER)),
  parse: (rawBody, _config, receivedAt) => parseSandboxBody(rawBody, receivedAt),
  send: sendSandboxReply,
  policy: (_kind, config) =>
    config.replyWindowSeconds === undefined
      ? {}
      : { standardWindowSeconds: config.replyWindowSeconds, humanAgentWindowSeconds: config.replyWindowSeconds },
};
