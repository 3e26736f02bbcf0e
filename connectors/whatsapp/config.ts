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
  /** The approved template an agent may send when the 24-hour window is closed (language code e.g. en_US). */
  template?: { name: string; language: string };
};

export const whatsappSecretKeys = ['appSecret', 'verifyToken', 'accessToken'] as const;

export function validateWhatsAppConfig(config: unknown): ConfigProblem[] {
  const { config: c, problems } = checkKeys(config, {
    required: ['phoneNumberId', 'businessAccountId', 'appSecret', 'verifyToken', 'accessToken'],
    optional: ['apiBaseUrl', 'template'],
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
    ...checkTemplate(c.template),
  ];
}

function checkTemplate(template: unknown): ConfigProblem[] {
  if (template === undefined) return [];
  const t = template as Record<string, unknown> | null;
  const ok = typeof t === 'object' && t !== null && !Array.isArray(t)
    && typeof t.name === 'string' && /^[a-z0-9_]{1,512}$/.test(t.name)
    && typeof t.language === 'string' && /^[a-z]{2,3}(_[A-Z]{2})?$/.test(t.language)
    && Object.keys(t).every((k) => k === 'name' || k === 'language');
  return ok ? [] : [{ key: 'template', message: 'template must be { name, language } with the approved template\'s name (lower case, digits, _) and language code, e.g. { "name": "order_update", "language": "en_US" }' }];
}
