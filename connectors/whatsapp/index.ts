// WhatsApp Cloud API channel: customers' messages (text, media by id, location, button and list
// replies, reactions) and the statuses of ours; 24-hour window, templates outside it.
import { metaHandshake } from '../meta/handshake.js';
import { verifyMetaSignature } from '../meta/signature.js';
import type { Connector } from '../types.js';
import { validateWhatsAppConfig, whatsappSecretKeys, type WhatsAppConfig } from './config.js';
import { parseWhatsAppBody, parseWhatsAppEvents } from './parse.js';
import { sendWhatsAppMessage, sendWhatsAppTemplate, WHATSAPP_POLICY } from './send.js';

export type { WhatsAppConfig } from './config.js';
export { parseWhatsAppEntries } from './parse.js';
export { checkWhatsAppWindow, sendWhatsAppTemplate, TemplateRequiredError, WHATSAPP_POLICY, whatsappMediaUrl, type WhatsAppMedia } from './send.js';

export const whatsappConnector: Connector<WhatsAppConfig> = {
  type: 'whatsapp',
  secretKeys: whatsappSecretKeys,
  validateConfig: validateWhatsAppConfig,
  routeKey: (config) => config.phoneNumberId,
  handshake: (query, config) => metaHandshake(query, config.verifyToken),
  verify: (req, config) => verifyMetaSignature(req, config.appSecret),
  parse: parseWhatsAppBody,
  parseEvents: parseWhatsAppEvents,
  send: sendWhatsAppMessage,
  // One window for everyone: no human-agent extension on WhatsApp.
  policy: () => ({ ...WHATSAPP_POLICY }),
  sendTemplate: sendWhatsAppTemplate,
};
