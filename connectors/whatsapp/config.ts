import { checkKeys, checkNumericId, checkOptionalUrl } from '../shared/config.js';
import type { ConfigProblem } from '../types.js';

export type WhatsAppConfig = {
  /** The business phone number's id (not the number itself): `metadata.phone_number_id`, the route key. */
  phoneNumberId: string;
  /** The WhatsApp Business Account id (`entry[].id`). */
  businessAccountId: string;
  /** The Meta app's secret: key of the X-Hub-Signature-256 HMAC. */
  appSecret: string;
  /** Chosen by the admin and typed into the app's webhook settings; echoed back in the handshake. */
  verifyToken: string;
  /** System-user access token with whatsapp_business_messaging. */
  accessToken: string;
  /** Graph API base URL; default https://graph.facebook.com/v21.0 (tests point it at a stand-in). */
  apiBaseUrl?: string;
};

export const whatsappSecretKeys = ['appSecret', 'verifyToken', 'accessToken'] as const;

export function validateWhatsAppConfig(config: unknown): ConfigProblem[] {
  const { config: c, problems } = checkKeys(config, {
    required: ['phoneNumberId', 'businessAccountId', 'appSecret', 'verifyToken', 'accessToken'],
    optional: ['apiBaseUrl'],
  });
  if (!c) return problems;
  const phone = c.phoneNumberId;
  const looksLikeNumber = typeof phone === 'string' && /^\+/.test(phone.trim());
  return [
    ...problems,
    ...(looksLikeNumber
      ? [{ key: 'phoneNumberId', message: 'phoneNumberId is the id Meta gives the number (WhatsApp Manager → API setup), not the phone number itself' }]
      : checkNumericId(c, 'phoneNumberId', 'phone number id from WhatsApp Manager (metadata.phone_number_id)')),
    ...checkNumericId(c, 'businessAccountId', 'WhatsApp Business Account id'),
    ...checkOptionalUrl(c, 'apiBaseUrl'),
  ];
}
