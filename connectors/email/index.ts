// E-mail channel: a mailbox read over IMAP (the engine's poller hands each raw message to
// parseEmailMessage) and answered over SMTP. No webhooks.
import { MalformedPayloadError, type Connector } from '../types.js';
import { emailSecretKeys, validateEmailConfig, type EmailConfig } from './config.js';
import { sendEmailReply } from './send.js';

export type { EmailConfig } from './config.js';
export { parseEmailMessage, EMAIL_HTML_POLICY } from './parse.js';
export { sendEmailReply, messageIdFor, replySubject } from './send.js';

export const emailConnector: Connector<EmailConfig> = {
  type: 'email',
  secretKeys: emailSecretKeys,
  validateConfig: validateEmailConfig,
  routeKey: (config) => config.address.toLowerCase(),
  verify: () => false,
  parse: () => {
    throw new MalformedPayloadError('e-mail arrives over IMAP, not by webhook');
  },
  send: (message, config) => sendEmailReply(message, config),
  policy: () => ({}),
};
